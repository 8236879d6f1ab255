import pytest

from sanad.queueing.models import Ticket
from sanad.queueing.simulation import simulate_day

from .factories import queue_centre

pytestmark = pytest.mark.django_db


def _staffed_centre():
    from sanad.centres.tests.factories import staff_of

    centre, counters = queue_centre(counters=2)
    for _counter in counters:
        staff_of(centre)
    return centre


def test_the_simulated_day_runs_the_real_services_and_leaves_nothing_behind():
    _staffed_centre()
    _staffed_centre()
    figures = simulate_day(scale=0.004, seed=3)
    assert figures["centres"] == 2 and figures["counters_open"] == 4
    assert figures["tickets"] > 0 and figures["served"] > 0
    assert 0 <= figures["served_within_15_minutes"] <= 1
    assert figures["mean_wait_minutes"] <= figures["p95_wait_minutes"] or figures["p95_wait_minutes"] == 0
    assert Ticket.objects.count() == 0  # rolled back


def test_more_demand_on_the_same_counters_means_longer_waits():
    _staffed_centre()
    light = simulate_day(scale=0.002, seed=5)
    heavy = simulate_day(scale=0.02, seed=5)
    assert heavy["tickets"] > light["tickets"]
    assert heavy["mean_wait_minutes"] >= light["mean_wait_minutes"]
    assert heavy["utilisation"] > light["utilisation"]
