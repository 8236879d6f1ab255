from celery import shared_task

from . import services


@shared_task(name="sanad.integrations.tasks.drain", ignore_result=True)
def drain(institution_id: int) -> int:
    return services.institution_drain(institution_id=institution_id)


@shared_task(name="sanad.integrations.tasks.probe", ignore_result=True)
def probe() -> int:
    return services.institution_probe()


@shared_task(name="sanad.integrations.tasks.pull_overdue", ignore_result=True)
def pull_overdue() -> int:
    return services.submissions_pull_overdue()
