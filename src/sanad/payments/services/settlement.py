"""Government fees collected are owed to the institutions: the centre records what it remitted.
Also the centre's billing details (VAT number) and its refund policy."""

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, ValidationFailed
from sanad.core.money import format_omr

from .. import selectors
from ..models import CentreBillingProfile, CentreRefundPolicy, Remittance

VAT_NUMBER = re.compile(r"^OM\d{10}$")
CR_NUMBER = re.compile(r"^\d{6,10}$")


def _date(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(errors={field: [_("Enter the date as YYYY-MM-DD.")]}) from None


def remittance_record(*, actor, institution, period, amount, remitted_on, reference: str) -> Remittance:
    """Record government fees paid over to an institution for a month. Never more than is owed."""
    from sanad.catalogue.models import Institution
    from sanad.centres.models import Centre

    centre = selectors.managed_centre(actor)
    errors = {}
    institution_obj = Institution.objects.filter(code=institution).first() if institution else None
    if institution_obj is None:
        errors["institution"] = [_("Choose the institution the fees were paid to.")]
    period = selectors.parse_period(period) if period else None
    if period is None:
        errors["period"] = [_("Enter the month as YYYY-MM, e.g. 2026-03.")]
    elif period > selectors.month_start(timezone.localdate()):
        errors["period"] = [_("A month in the future cannot be settled.")]
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        errors["amount"] = [_("Enter the amount remitted in baisa (more than zero).")]
    remitted_on = _date(remitted_on, "remitted_on")
    if remitted_on > timezone.localdate():
        errors["remitted_on"] = [_("The remittance date cannot be in the future.")]
    reference = (reference or "").strip()
    if not reference or len(reference) > 60:
        errors["reference"] = [_("Enter the bank transfer reference (up to 60 characters).")]
    if errors:
        raise ValidationFailed(errors=errors)
    try:
        with transaction.atomic():
            Centre.objects.select_for_update().filter(
                pk=centre.pk
            ).first()  # one remittance at a time per centre
            row = next(
                (
                    r
                    for r in selectors.ledger(period=period, centre=centre)
                    if r["institution"].pk == institution_obj.pk
                ),
                None,
            )
            balance = row["balance"] if row else 0
            if amount > balance:
                raise ValidationFailed(
                    errors={
                        "amount": [
                            _(
                                "This is more than the centre owes %(institution)s for that month (%(balance)s)."
                            )
                            % {"institution": institution_obj.name, "balance": format_omr(max(balance, 0))}
                        ]
                    }
                )
            return Remittance.objects.create(
                centre=centre,
                institution=institution_obj,
                period=period,
                amount=amount,
                remitted_on=remitted_on,
                reference=reference,
                recorded_by=actor,
            )
    except IntegrityError:
        raise Conflict(_("A remittance with this reference is already recorded.")) from None


def billing_profile_set(
    *, actor, vat_number: str = "", commercial_registration: str = ""
) -> CentreBillingProfile:
    centre = selectors.managed_centre(actor)
    vat_number = (vat_number or "").strip().upper().replace(" ", "")
    commercial_registration = (commercial_registration or "").strip()
    errors = {}
    if vat_number and not VAT_NUMBER.match(vat_number):
        errors["vat_number"] = [_("A VAT number in Oman is OM followed by 10 digits, e.g. OM1100012345.")]
    if commercial_registration and not CR_NUMBER.match(commercial_registration):
        errors["commercial_registration"] = [_("Enter the commercial registration number (6 to 10 digits).")]
    if errors:
        raise ValidationFailed(errors=errors)
    profile, _created = CentreBillingProfile.objects.update_or_create(
        centre=centre,
        defaults={
            "vat_number": vat_number,
            "commercial_registration": commercial_registration,
            "updated_by": actor,
        },
    )
    return profile


def refund_policy_set(*, actor, refund_before_work: bool, refund_after_work: bool) -> CentreRefundPolicy:
    centre = selectors.managed_centre(actor)
    policy, _created = CentreRefundPolicy.objects.update_or_create(
        centre=centre,
        defaults={
            "refund_before_work": bool(refund_before_work),
            "refund_after_work": bool(refund_after_work),
        },
    )
    return policy
