from celery import shared_task

from . import services


@shared_task(name="sanad.payments.tasks.reconcile_online_payments", ignore_result=True)
def reconcile_online_payments() -> dict:
    """Pending online payments older than the timeout: ask the gateway and record its answer."""
    return services.payments_reconcile_pending()
