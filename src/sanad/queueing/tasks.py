from celery import shared_task


@shared_task(name="sanad.queueing.tasks.appointment_reminders")
def appointment_reminders() -> int:
    """Hourly: mark missed appointments as no-shows and remind tomorrow's (once each)."""
    from .appointments import appointment_reminders as remind

    return remind()


@shared_task(name="sanad.queueing.tasks.dispatch_rings")
def dispatch_rings() -> int:
    """Every minute: offer unclaimed online requests to the next ring of centres."""
    from .dispatch import dispatch_advance

    return dispatch_advance()
