from celery import shared_task


@shared_task
def erasures_due() -> int:
    """Carry out the erasure requests whose retention period has ended."""
    from .rights import erasures_run

    return erasures_run()


@shared_task
def audit_seal() -> int:
    """Link the audit rows written since the last run onto the hash chain."""
    from .chain import seal

    return seal()
