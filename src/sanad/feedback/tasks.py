from celery import shared_task


@shared_task
def escalate_overdue_complaints() -> int:
    from .services import complaints_escalate_overdue

    return complaints_escalate_overdue()


@shared_task
def compute_quality_index() -> int:
    from .services.quality import quality_compute_latest

    return quality_compute_latest()
