import logging

from celery import shared_task

from .housekeeping import prune_all

log = logging.getLogger(__name__)


@shared_task(name="sanad.core.tasks.housekeeping_prune")
def housekeeping_prune() -> dict[str, int]:
    removed = prune_all()
    log.info("housekeeping: %s", ", ".join(f"{name} {count}" for name, count in removed.items()))
    return removed
