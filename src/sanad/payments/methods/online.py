import logging

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.errors import DomainError, PermissionDenied

from ..constants import PaymentMethod
from .base import PaymentMethodPlugin

log = logging.getLogger(__name__)


class GatewayUnavailable(DomainError):
    status = 503
    code = "gateway_unavailable"
    default_message = gettext_lazy(
        "The payment gateway cannot be reached right now. Nothing was charged; try again in a few minutes."
    )


class OnlineMethod(PaymentMethodPlugin):
    """The citizen pays on the gateway's hosted page. Success is recorded only from the gateway's
    signed callback or a server-side status query, never from the browser coming back."""

    name = PaymentMethod.ONLINE
    label = gettext_lazy("Online")
    at_counter = False

    def check_actor(self, *, case, actor) -> None:
        if actor is None or case.citizen_id != actor.pk:
            raise PermissionDenied(_("Only the citizen pays their transaction online."))

    def start(self, *, payment, actor, return_url: str = "", callback_url: str = "") -> None:
        """Nothing inside the transaction: the gateway is called in after_commit."""

    def after_commit(self, *, payment, actor, return_url: str = "", callback_url: str = "") -> None:
        from django.db import transaction
        from django.utils import timezone

        from ..constants import PaymentState
        from ..gateway import client
        from ..models import Payment

        try:
            session = client().create_session(
                payment=payment, return_url=return_url, callback_url=callback_url
            )
        except Exception:
            log.warning("gateway session for payment %s could not be opened", payment.pk, exc_info=True)
            from ..services.payments import locked, payment_fail

            with transaction.atomic():
                _case, pending = locked(payment.pk)
                if pending.state == PaymentState.PENDING:
                    payment_fail(payment=pending, actor=None, reason="gateway: unreachable")
            raise GatewayUnavailable() from None
        payment.gateway_reference = session.reference
        payment.gateway_url = session.redirect_url
        Payment.objects.filter(pk=payment.pk).update(
            gateway_reference=session.reference, gateway_url=session.redirect_url, updated_at=timezone.now()
        )

    def on_refund(self, *, refund) -> None:
        from sanad.outbox.services import outbox_enqueue

        outbox_enqueue(
            kind="payments.gateway_refund",
            payload={
                "refund_id": refund.pk,
                "reference": refund.payment.gateway_reference,
                "amount": refund.total,
            },
            idempotency_key=f"payments:refund:{refund.pk}:gateway",
        )
