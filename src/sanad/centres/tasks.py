from celery import shared_task


@shared_task(name="sanad.centres.tasks.licences_sweep")
def licences_sweep() -> dict:
    """Daily: expire overdue licences, end finished suspensions, send renewal reminders."""
    from .services import licences_sweep as sweep

    return sweep()
