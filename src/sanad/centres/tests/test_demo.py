"""The demo network: ~920 centres in every wilayat, ~2,500 staff (~69% women), demo staff accounts."""

import pytest

from sanad.accounts.models import User
from sanad.centres import selectors
from sanad.centres.constants import APPLICATION_STATES, LicenceState
from sanad.centres.models import Centre, Licence, StaffMembership
from sanad.geo.models import Governorate, Wilayat

pytestmark = pytest.mark.django_db


def _seed_up_to_centres():
    """The demo steps up to and including this area's (later areas add their own data on top)."""
    from sanad.demo import steps  # noqa: F401  (registers the steps)
    from sanad.demo.registry import STEPS

    options = {"seed": 2026, "no_progress": True, "if_empty": False, "cases": None}
    for step in STEPS:
        step.run(options, lambda n: None)
        if step.name == "centres":
            return


def test_seed_demo_builds_the_national_network_once():
    _seed_up_to_centres()
    public = selectors.centres_public()
    assert 900 <= public.count() <= 940
    assert public.values("wilayat").distinct().count() == Wilayat.objects.count()
    assert public.values("wilayat__governorate").distinct().count() == Governorate.objects.count() == 11
    jobs = selectors.jobs_statistics()
    assert 2300 <= jobs["total"] <= 2700
    assert 0.65 <= jobs["women"] / jobs["total"] <= 0.73
    assert Licence.objects.filter(state__in=APPLICATION_STATES).count() >= 5
    assert Licence.objects.filter(state=LicenceState.SUSPENDED).exists()
    assert Licence.objects.filter(state=LicenceState.EXPIRED).exists()
    assert selectors.licences_expiring(30).exists()
    assert not selectors.prices_flagged().exists()  # every demo price is within its cap

    clerk = selectors.staff_membership(User.objects.get(username="demo-clerk"))
    manager = selectors.staff_membership(User.objects.get(username="demo-manager"))
    assert (clerk.role, manager.role) == ("clerk", "manager")
    assert clerk.centre == manager.centre and clerk.centre.wilayat.code == "OM-MA-BAWSHAR"
    assert selectors.centre_can_open_cases(clerk.centre)
    assert clerk.centre.prices.filter(service__code="ROP-DL-RENEW").exists()

    counts = (Centre.objects.count(), StaffMembership.objects.count())
    _seed_up_to_centres()
    assert (Centre.objects.count(), StaffMembership.objects.count()) == counts
