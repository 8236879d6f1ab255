from celery import shared_task

from . import services


@shared_task(name="sanad.cases.tasks.expire_send_backs", ignore_result=True)
def expire_send_backs() -> int:
    """Cancel cases whose citizen did not answer a send-back by its deadline (and tell them)."""
    return services.cases_expire_send_backs()
