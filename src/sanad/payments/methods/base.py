"""The interface every payment method implements. A method decides who may use it, what extra input
it needs, what happens when a payment starts (the counter confirms at once; online opens a session at
the gateway), and what a refund on it involves."""

from django.utils.translation import gettext as _

from sanad.core.errors import PermissionDenied

from ..constants import RefundState


class PaymentMethodPlugin:
    name: str = ""
    label = ""
    at_counter = True  # taken by the centre's staff (cash, card); False: the citizen pays (online)

    def clean(self, *, approval_reference: str = "") -> dict:
        """Extra fields for the payment, validated (raise ValidationFailed). Called before any write."""
        return {}

    def check_actor(self, *, case, actor) -> None:
        from sanad.cases.selectors import is_staff_of

        if self.at_counter and not is_staff_of(actor, case.centre):
            raise PermissionDenied(_("Only the centre's staff take payments at the counter."))

    def before_create(self, *, case, actor) -> None:
        """Last checks inside the transaction (the case is locked)."""

    def start(self, *, payment, actor, return_url: str = "", callback_url: str = "") -> None:
        """Counter methods: the money is in hand, the payment succeeds now."""
        from ..services.payments import payment_succeed

        payment_succeed(payment=payment, actor=actor, confirmed_by="counter")

    def after_commit(self, *, payment, actor, return_url: str = "", callback_url: str = "") -> None:
        """Calls to the outside world, once the payment row is committed and the case unlocked."""

    def refund_state(self, *, handed_by_staff: bool) -> str:
        return RefundState.PAID_OUT

    def on_refund(self, *, refund) -> None:
        """Side effects of a refund (e.g. asking the gateway to return the money)."""
