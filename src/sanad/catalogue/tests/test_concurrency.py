"""Two writers at once: the service row lock serialises them, so a service never ends up with two
published versions and a draft is published once."""

import threading

import pytest
from django.db import connection

from sanad.catalogue import services
from sanad.catalogue.constants import VersionStatus
from sanad.core.errors import Conflict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises every write anyway)")


def _race(*calls):
    results, barrier = [None] * len(calls), threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_cap_changes_at_once_give_two_versions_and_one_published(service_a, regulator):
    _race(
        lambda: services.centre_fee_cap_set(actor=regulator, service=service_a, cap=2500, reason="a"),
        lambda: services.centre_fee_cap_set(actor=regulator, service=service_a, cap=3000, reason="b"),
    )
    statuses = list(service_a.versions.order_by("number").values_list("status", flat=True))
    assert statuses == [VersionStatus.RETIRED, VersionStatus.RETIRED, VersionStatus.PUBLISHED]
    assert service_a.cap_changes.count() == 2


def test_a_draft_published_twice_at_once_is_published_once(service_a, officer_a):
    draft = services.version_draft(actor=officer_a, service=service_a)
    results = _race(
        lambda: services.version_publish(actor=officer_a, version=draft),
        lambda: services.version_publish(actor=officer_a, version=draft),
    )
    assert sum(isinstance(r, Conflict) for r in results) == 1
    assert service_a.versions.filter(status=VersionStatus.PUBLISHED).count() == 1
