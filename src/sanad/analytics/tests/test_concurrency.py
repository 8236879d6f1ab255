"""Real threads against PostgreSQL: two transactions adding to the same rollup row both count."""

import threading

import pytest
from django.db import connection, connections

from sanad.analytics.models import DailyStat, MonthlyStat, WilayatMonthStat
from sanad.analytics.services import stats_differences
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")


def test_cases_opened_at_the_same_moment_at_one_centre_are_all_counted():
    centre = licensed_centre()
    clerks = [staff(centre) for _ in range(4)]
    people = [citizen() for _ in range(4)]
    barrier = threading.Barrier(4)
    errors = []

    def open_one(i):
        try:
            barrier.wait()
            open_walk_in(centre, clerks[i], people[i])
        except Exception as exc:  # pragma: no cover (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_one, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(DailyStat.objects.values_list("opened", flat=True)) == 4
    assert sum(MonthlyStat.objects.values_list("opened", flat=True)) == 4
    assert sum(WilayatMonthStat.objects.values_list("opened", flat=True)) == 4
    assert stats_differences() == []
