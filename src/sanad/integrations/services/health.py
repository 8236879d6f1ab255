"""Each institution's health from recent results, a circuit breaker: after N consecutive failures it
is `down` and Sanad stops calling it, except for one probe a minute; the first success brings it
back `up` and the queue is drained in order."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import conf
from ..constants import Health
from ..models import Connector


def connector_success(connector: Connector, *, now=None) -> bool:
    """Record a success. Returns True if the institution was down and is back (drain its queue)."""
    now = now or timezone.now()
    was_down = Connector.objects.filter(pk=connector.pk, health=Health.DOWN).exists()
    Connector.objects.filter(pk=connector.pk).update(
        health=Health.UP, consecutive_failures=0, next_probe_at=None, last_success_at=now, last_error=""
    )
    if was_down:
        from ..tasks import drain

        institution_id = connector.institution_id
        transaction.on_commit(lambda: drain.delay(institution_id))
    return was_down


def connector_failure(connector: Connector, *, error: str, now=None) -> str:
    """Record a failure; returns the new health."""
    now = now or timezone.now()
    Connector.objects.filter(pk=connector.pk).update(
        consecutive_failures=F("consecutive_failures") + 1, last_failure_at=now, last_error=error[:500]
    )
    fresh = Connector.objects.get(pk=connector.pk)
    if fresh.consecutive_failures >= conf.get("INTEGRATIONS_CIRCUIT_FAILURES"):
        if fresh.health != Health.DOWN:
            Connector.objects.filter(pk=connector.pk).update(
                health=Health.DOWN,
                next_probe_at=now + timedelta(seconds=conf.get("INTEGRATIONS_PROBE_SECONDS")),
            )
        return Health.DOWN
    if fresh.health == Health.UP:
        Connector.objects.filter(pk=connector.pk, health=Health.UP).update(health=Health.DEGRADED)
        return Health.DEGRADED
    return fresh.health


def probe_take(connector: Connector, *, now=None) -> bool:
    """While down, the caller may call the institution only if it takes this minute's probe (a
    compare-and-swap on the probe time, so two workers never both probe)."""
    now = now or timezone.now()
    return (
        Connector.objects.filter(pk=connector.pk, health=Health.DOWN, next_probe_at__lte=now).update(
            next_probe_at=now + timedelta(seconds=conf.get("INTEGRATIONS_PROBE_SECONDS"))
        )
        == 1
    )
