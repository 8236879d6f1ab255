import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.errors import ValidationFailed

from ..constants import PaymentMethod
from .base import PaymentMethodPlugin

APPROVAL_REFERENCE = re.compile(r"^[A-Za-z0-9-]{4,40}$")


class CardTerminalMethod(PaymentMethodPlugin):
    """A card paid on the centre's terminal: the terminal's approval reference is recorded."""

    name = PaymentMethod.CARD_TERMINAL
    label = gettext_lazy("Card (terminal)")

    def clean(self, *, approval_reference: str = "") -> dict:
        reference = (approval_reference or "").strip()
        if not APPROVAL_REFERENCE.match(reference):
            raise ValidationFailed(
                errors={
                    "approval_reference": [
                        _(
                            "Enter the approval reference printed by the card terminal (4 to 40 letters or digits)."
                        )
                    ]
                }
            )
        return {"approval_reference": reference.upper()}
