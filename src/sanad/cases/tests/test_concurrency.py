"""Real threads against PostgreSQL: row locks and unique keys, not mocks."""

import threading

import pytest
from django.db import connection, connections

from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseEvent
from sanad.cases.services import case_transition
from sanad.core.errors import Conflict

from .factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")


def run_together(*functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def runner(i, func):
        try:
            barrier.wait()
            results[i] = ("ok", func())
        except Exception as exc:
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_clerks_acting_on_the_same_case_at_once_one_wins_the_other_gets_409():
    centre = licensed_centre()
    first, second = staff(centre), staff(centre)
    case = open_walk_in(centre, first, citizen())
    results = run_together(
        lambda: case_transition(case_id=case.pk, action="start", actor=first),
        lambda: case_transition(case_id=case.pk, action="start", actor=second),
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, Conflict) and error.status == 409
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS
    assert CaseEvent.objects.filter(case=case, action="start").count() == 1


def test_the_same_idempotency_key_sent_twice_at_once_opens_one_case():
    centre = licensed_centre()
    clerk, person = staff(centre), citizen()
    results = run_together(
        *[lambda: open_walk_in(centre, clerk, person, idempotency_key="same-key").pk for _ in range(4)]
    )
    assert all(kind == "ok" for kind, _ in results), results
    assert len({value for _, value in results}) == 1
    assert Case.objects.count() == 1


def test_concurrent_openings_get_distinct_references():
    centre = licensed_centre()
    clerk = staff(centre)
    people = [citizen() for _ in range(6)]
    results = run_together(*[lambda p=p: open_walk_in(centre, clerk, p).reference for p in people])
    references = [value for kind, value in results if kind == "ok"]
    assert len(set(references)) == 6
