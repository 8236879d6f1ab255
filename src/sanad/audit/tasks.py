from celery import shared_task


@shared_task
def erasures_due() -> int:
    """Carry out the erasure requests whose retention period has ended."""
    from .rights import erasures_run

    return erasures_run()
