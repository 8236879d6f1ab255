from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.errors import PermissionDenied

from ..constants import PaymentMethod
from .base import PaymentMethodPlugin


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
        from ..gateway import client

        session = client().create_session(payment=payment, return_url=return_url, callback_url=callback_url)
        payment.gateway_reference = session.reference
        payment.gateway_url = session.redirect_url
        payment.save(update_fields=["gateway_reference", "gateway_url", "updated_at"])

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
