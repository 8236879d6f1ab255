from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.errors import Conflict

from ..constants import PaymentMethod, RefundState
from .base import PaymentMethodPlugin


class CashMethod(PaymentMethodPlugin):
    name = PaymentMethod.CASH
    label = gettext_lazy("Cash")

    def before_create(self, *, case, actor) -> None:
        from ..models import DailyClose
        from ..services.cash import drawer_lock

        drawer_lock(actor)
        if DailyClose.objects.filter(clerk=actor, day=timezone.localdate()).exists():
            raise Conflict(
                _("You already closed your cash drawer today; cash cannot be taken on a closed drawer.")
            )

    def refund_state(self, *, handed_by_staff: bool) -> str:
        # Cash leaves the drawer when someone at the counter hands it over.
        return RefundState.PAID_OUT if handed_by_staff else RefundState.DUE
