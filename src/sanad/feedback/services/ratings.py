"""Ratings: the link sent when a case completes, the rating (from the link, the portal or the API),
and hiding an abusive comment (hidden, never deleted, with who and why)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.notifications.services import notify

from .. import selectors
from ..constants import COMMENT_MAX, RATING_LINK_DAYS, SCORE_MAX, SCORE_MIN, RatingChannel
from ..models import Rating, RatingInvitation

SCORES = ("overall", "speed", "courtesy", "fee_clarity")


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


def rating_invitation_create(*, case, now=None) -> str:
    """A fresh link for this case (in the caller's transaction); returns the token, which is stored
    only as its hash."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(18)
    RatingInvitation.objects.update_or_create(
        case=case,
        defaults={"token_hash": token_hash(token), "expires_at": now + timedelta(days=RATING_LINK_DAYS)},
    )
    return token


def rating_link(token: str) -> str:
    return f"{settings.SANAD_PUBLIC_URL.rstrip('/')}/r/{token}"


def rating_invite_on_completion(case, step, actor) -> None:
    """Workflow effect: when a case completes, the citizen's SMS carries a link to rate it (once:
    a case corrected and completed again is not invited twice)."""
    from sanad.cases.constants import Action

    if step.action != Action.COMPLETE:
        return
    if RatingInvitation.objects.filter(case=case).exists() or Rating.objects.filter(case=case).exists():
        return
    token = rating_invitation_create(case=case)
    notify(
        user=case.citizen,
        template="rating_invite",
        context={"case": case, "url": rating_link(token), "days": RATING_LINK_DAYS},
        key=f"rating:{case.pk}:invite",
    )


def clean_scores(data: dict) -> dict:
    """Each score a whole number from 1 to 5, the comment at most 1,000 characters."""
    errors, cleaned = {}, {}
    for name in SCORES:
        value = data.get(name)
        number = None
        if not isinstance(value, bool):
            try:
                number = int(str(value).strip())
            except (TypeError, ValueError):
                number = None
        if number is None or not SCORE_MIN <= number <= SCORE_MAX:
            errors[name] = [_("Choose a score from 1 to 5.")]
        else:
            cleaned[name] = number
    comment = str(data.get("comment") or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("The comment can be at most %(max)s characters.") % {"max": COMMENT_MAX}]
    if errors:
        raise ValidationFailed(_("Some of the scores are missing or not valid."), errors=errors)
    cleaned["comment"] = comment
    return cleaned


def _check_rateable(case) -> None:
    if not selectors.case_was_completed(case):
        raise Conflict(_("A transaction can be rated once it is completed."), current_state=case.state)
    if Rating.objects.filter(case_id=case.pk).exists():
        raise Conflict(_("This transaction has already been rated. Thank you."), current_state=case.state)


def _create(case, cleaned: dict, channel: str) -> Rating:
    try:
        with transaction.atomic():
            rating = Rating.objects.create(case=case, centre_id=case.centre_id, channel=channel, **cleaned)
            RatingInvitation.objects.filter(case=case, used_at__isnull=True).update(used_at=timezone.now())
    except IntegrityError:  # a second rating at the same moment: the database keeps one
        raise Conflict(_("This transaction has already been rated. Thank you.")) from None
    return rating


def rating_create(*, actor, reference: str, data: dict, channel: str = RatingChannel.PORTAL) -> Rating:
    """The case's citizen rates it from the portal or the API: once, only after completion."""
    from sanad.cases.selectors import case_for

    case = case_for(actor, reference)  # someone else's case: 404, like a missing one
    if case.citizen_id != actor.pk:
        raise PermissionDenied(_("Only the citizen whose transaction it is can rate it."))
    cleaned = clean_scores(data)
    _check_rateable(case)
    return _create(case, cleaned, channel)


def invitation_for_token(token: str, *, now=None) -> RatingInvitation:
    """The link's invitation, or the reason it cannot be used (forged: 404; expired or used: 409)."""
    now = now or timezone.now()
    token = str(token or "")
    invitation = None
    if 10 <= len(token) <= 64:
        invitation = (
            RatingInvitation.objects.select_related("case__centre", "case__service_version")
            .filter(token_hash=token_hash(token))
            .first()
        )
    if invitation is None:
        raise NotFound(_("This rating link is not valid. Check that it was copied whole."))
    if invitation.used_at is not None or Rating.objects.filter(case_id=invitation.case_id).exists():
        raise Conflict(_("This rating link was already used: the transaction has been rated. Thank you."))
    if invitation.expires_at <= now:
        raise Conflict(
            _("This rating link has expired: links can be used for %(days)s days.")
            % {"days": RATING_LINK_DAYS}
        )
    return invitation


def rating_submit_by_token(*, token: str, data: dict) -> Rating:
    """Rate from the SMS link, without signing in."""
    invitation = invitation_for_token(token)
    cleaned = clean_scores(data)
    with transaction.atomic():
        invitation = RatingInvitation.objects.select_for_update().get(pk=invitation.pk)
        invitation_for_token(token)  # checked again under the lock: used once
        case = invitation.case
        _check_rateable(case)
        return _create(case, cleaned, RatingChannel.LINK)


def rating_hide(*, rating_id: int, actor, reason: str) -> Rating:
    """The regulator hides an abusive comment. The rating stays (and counts); who and why are kept."""
    if not selectors.can_moderate(actor):
        raise PermissionDenied(_("Only the regulator can hide comments."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(errors={"reason": [_("Write why the comment is hidden.")]})
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(pk=rating_id).first()
        if rating is None:
            raise NotFound(_("Rating not found."))
        if rating.hidden_at is not None:
            raise Conflict(_("This comment is already hidden."))
        rating.hidden_at = timezone.now()
        rating.hidden_by = actor
        rating.hidden_reason = reason[:300]
        rating.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return rating
