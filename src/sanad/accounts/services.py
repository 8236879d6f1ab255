"""Writes for accounts. Views, serializers and commands call these; they validate and save."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, ValidationFailed

from .constants import IdKind, Language, Role
from .identity import normalise_id_number, normalise_phone
from .models import CitizenProfile, User


def _validated(errors: dict, field: str, func, value):
    try:
        return func(value)
    except ValidationError as exc:
        errors[field] = exc.messages
        return None


def citizen_register(
    *,
    id_number: str,
    mobile: str,
    id_kind: str = IdKind.CIVIL,
    full_name_ar: str = "",
    full_name_en: str = "",
    email: str = "",
    preferred_language: str = Language.ARABIC,
    password: str | None = None,
    username: str | None = None,
) -> User:
    """Register a citizen (online, or at the counter by civil number and mobile)."""
    errors: dict = {}
    number = _validated(errors, "id_number", normalise_id_number, id_number)
    phone = _validated(errors, "mobile", normalise_phone, mobile)
    if id_kind not in IdKind.values:
        errors["id_kind"] = [_("Choose a civil number or a resident card number.")]
    if preferred_language not in Language.values:
        errors["preferred_language"] = [_("Choose Arabic or English.")]
    if errors:
        raise ValidationFailed(errors=errors)
    if CitizenProfile.objects.filter(id_number=number).exists():
        raise Conflict(_("A person with this civil number is already registered."))
    try:
        with transaction.atomic():
            user = User(
                username=username or f"c{number}",
                role=Role.CITIZEN,
                full_name_ar=full_name_ar.strip(),
                full_name_en=full_name_en.strip(),
                email=email.strip(),
                mobile=phone,
                preferred_language=preferred_language,
            )
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            CitizenProfile.objects.create(user=user, id_kind=id_kind, id_number=number)
    except IntegrityError:
        raise Conflict(_("A person with this civil number is already registered.")) from None
    return user


def user_set_language(*, user: User, language: str) -> User:
    if language not in Language.values:
        raise ValidationFailed(errors={"language": [_("Choose Arabic or English.")]})
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user
