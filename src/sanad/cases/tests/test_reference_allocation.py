"""Case references cannot be enumerated: the number part is random, a repeat is drawn again, and no
counter row is shared by every opening in the country."""

import itertools

import pytest

from sanad.cases import services
from sanad.cases.models import Case
from sanad.cases.reference import format_reference, parse_reference

from .factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


def test_references_are_checkable_unique_and_not_consecutive():
    centre = licensed_centre()
    clerk = staff(centre)
    references = [open_walk_in(centre, clerk, citizen()).reference for _ in range(6)]
    assert all(parse_reference(r) == r for r in references)
    numbers = [int(r.split("-")[2]) for r in references]
    assert len(set(numbers)) == 6
    steps = {b - a for a, b in itertools.pairwise(numbers)}
    assert steps != {1}, "references must not follow a counter"


def test_a_drawn_reference_that_is_taken_is_drawn_again(monkeypatch):
    centre = licensed_centre()
    clerk = staff(centre)
    first = open_walk_in(centre, clerk, citizen())
    year = int(first.reference[4:8])
    fresh = format_reference(year, 4242424)
    draws = iter([first.reference, first.reference, fresh])
    monkeypatch.setattr(services, "new_reference", lambda y: next(draws))
    second = open_walk_in(centre, clerk, citizen())
    assert second.reference == fresh
    assert Case.objects.count() == 2


def test_opening_locks_no_shared_counter_row():
    from django.apps import apps

    assert "casesequence" not in {m._meta.model_name for m in apps.get_app_config("cases").get_models()}
