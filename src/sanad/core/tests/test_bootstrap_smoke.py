"""`sanad bootstrap_smoke`: a minimal network for a smoke test of a fresh installation."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sanad.accounts.models import User
from sanad.cases.tests.factories import licensed_centre
from sanad.centres.models import Centre
from sanad.core.guards import demo_data_present

pytestmark = pytest.mark.django_db


def test_it_creates_a_licensed_centre_offering_the_service_and_a_clerk_who_can_log_in():
    out = StringIO()
    call_command("bootstrap_smoke", "--password", "a-long-smoke-password", stdout=out)
    created = json.loads(out.getvalue())
    centre = Centre.objects.get(pk=created["centre"])
    assert centre.licence.state == "active"
    assert centre.prices.filter(service__code="ROP-DL-RENEW").exists()
    clerk = User.objects.get(username="smoke-clerk")
    assert clerk.check_password("a-long-smoke-password")
    assert clerk.centre_memberships.get().centre == centre
    assert not demo_data_present()  # production accepts it


def test_it_refuses_a_database_that_already_has_centres_and_changes_nothing():
    licensed_centre()
    with pytest.raises(CommandError, match="already has centres"):
        call_command("bootstrap_smoke", "--password", "x" * 20, stdout=StringIO())
    assert Centre.objects.count() == 1
    assert not User.objects.filter(username="smoke-clerk").exists()


def test_an_unknown_service_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="Unknown service"):
        call_command("bootstrap_smoke", "--password", "x" * 20, "--service", "NOPE", stdout=StringIO())
    assert not Centre.objects.exists()
