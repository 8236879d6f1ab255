"""Writes of the catalogue: institutions draft, publish and retire service versions; the regulator
changes centre fee caps. Also the two rules other areas reuse: the fee breakdown of a version and
the validation of a version's form data."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.core.money import format_omr, vat_on

from . import selectors
from .constants import DEFAULT_CENTRE_FEE_CAP, VersionStatus
from .definitions import (
    baisa_amount_clean,
    content_clean,
    fees_check,
    publish_problems,
    service_code_clean,
)
from .formdata import form_data_clean
from .models import (
    CentreFeeCapChange,
    DocumentType,
    Institution,
    InstitutionMembership,
    RequiredDocument,
    SearchMiss,
    Service,
    ServiceVersion,
)
from .search import MAX_QUERY_CHARS, normalise, version_search_index

# Fields copied from one version to the next (everything that describes the service).
COPIED_FIELDS = (
    "category_id",
    "name_ar",
    "name_en",
    "aliases_ar",
    "aliases_en",
    "description_ar",
    "description_en",
    "channels",
    "form_fields",
    "steps",
    "government_fee_min",
    "government_fee_max",
    "fee_percent",
    "fee_is_estimate",
    "fee_source",
    "fee_note_ar",
    "fee_note_en",
    "centre_fee_cap",
    "sla_hours",
)


def _not_a_draft() -> Conflict:
    return Conflict(_("A published version cannot be changed. Draft a new version instead."))


def _ensure_manages(actor, service: Service) -> None:
    if not selectors.services_managed_by(actor).filter(pk=service.pk).exists():
        raise NotFound()


def _reindex(version: ServiceVersion) -> None:
    service = version.service
    for field, value in version_search_index(
        version=version, service=service, institution=service.institution, category=version.category
    ).items():
        setattr(version, field, value)


def _apply(version: ServiceVersion, cleaned: dict) -> None:
    documents = cleaned.pop("documents", None)
    for key, value in cleaned.items():
        setattr(version, key, value)
    fees_check(government_fee_min=version.government_fee_min, government_fee_max=version.government_fee_max)
    _reindex(version)
    version.save()
    if documents is not None:
        _documents_replace(version, documents)


def _documents_replace(version: ServiceVersion, documents: list[dict]) -> None:
    types = {d.code: d for d in DocumentType.objects.filter(code__in=[d["type"] for d in documents])}
    version.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            document_type=types[d["type"]],
            position=position,
            mandatory=d["mandatory"],
            formats=d["formats"],
            max_size_kb=d["max_size_kb"],
            note_ar=d.get("note_ar", ""),
            note_en=d.get("note_en", ""),
        )
        for position, d in enumerate(documents, start=1)
    )


def _copy(source: ServiceVersion, *, number: int, status: str, actor, **overrides) -> ServiceVersion:
    version = ServiceVersion(
        service=source.service,
        number=number,
        status=status,
        based_on=source,
        created_by=actor,
        **{name: getattr(source, name) for name in COPIED_FIELDS},
    )
    for key, value in overrides.items():
        setattr(version, key, value)
    _reindex(version)
    version.save()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            document_type_id=d.document_type_id,
            position=d.position,
            mandatory=d.mandatory,
            formats=d.formats,
            max_size_kb=d.max_size_kb,
            note_ar=d.note_ar,
            note_en=d.note_en,
        )
        for d in source.documents.all()
    )
    return version


def _next_number(service: Service) -> int:
    return (service.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def _locked(service: Service) -> Service:
    return Service.objects.select_for_update().select_related("institution").get(pk=service.pk)


# --- Institution officers ---------------------------------------------------------------------


def service_create(
    *, actor, code: str, content: dict, institution: Institution | None = None
) -> ServiceVersion:
    """A new service with its first draft version. Officers create services of their own institution;
    an administrator names the institution. Returns the draft."""
    own = selectors.institution_of(actor)
    if own is not None:
        institution = own
    elif not selectors.can_manage_catalogue(actor) or institution is None:
        raise PermissionDenied()
    code = service_code_clean(code)
    if not code.startswith(f"{institution.code}-"):
        raise ValidationFailed(
            errors={
                "code": [
                    _("The service code starts with the institution's code: %(prefix)s…")
                    % {"prefix": f"{institution.code}-"}
                ]
            }
        )
    if "category" not in content:
        raise ValidationFailed(errors={"category": [_("Choose a known category.")]})
    cleaned = content_clean(content)
    duplicate = Conflict(
        _("A service with the code %(code)s already exists.") % {"code": code},
        errors={"code": [_("This code is already used by another service.")]},
    )
    if Service.objects.filter(code=code).exists():
        raise duplicate
    try:
        with transaction.atomic():
            service = Service.objects.create(
                code=code, institution=institution, category=cleaned["category"], created_by=actor
            )
            version = ServiceVersion(
                service=service,
                number=1,
                status=VersionStatus.DRAFT,
                category=cleaned["category"],
                centre_fee_cap=DEFAULT_CENTRE_FEE_CAP,
                created_by=actor,
            )
            _apply(version, cleaned)
    except IntegrityError:
        raise duplicate from None
    return version


def version_draft(*, actor, service: Service, content: dict | None = None) -> ServiceVersion:
    """Open a new draft, a copy of the latest version, optionally changed by `content`."""
    _ensure_manages(actor, service)
    cleaned = content_clean(content or {})
    with transaction.atomic():
        service = _locked(service)
        existing = service.versions.filter(status=VersionStatus.DRAFT).first()
        if existing is not None:
            raise Conflict(
                _("Version %(number)d is already a draft. Edit it, or discard it first.")
                % {"number": existing.number}
            )
        source = selectors.latest_version(service)
        draft = _copy(source, number=_next_number(service), status=VersionStatus.DRAFT, actor=actor)
        if cleaned:
            _apply(draft, cleaned)
    return draft


def version_update(*, actor, version: ServiceVersion, content: dict) -> ServiceVersion:
    """Change a draft. A published or retired version is never changed (409)."""
    _ensure_manages(actor, version.service)
    cleaned = content_clean(content)
    with transaction.atomic():
        locked = (
            ServiceVersion.objects.select_for_update()
            .select_related("service__institution")
            .get(pk=version.pk)
        )
        if not locked.is_draft:
            raise _not_a_draft()
        _apply(locked, cleaned)
    return locked


def version_publish(*, actor, version: ServiceVersion) -> ServiceVersion:
    """Publish a draft: it becomes the version new cases open on; the previous one is retired
    (cases already opened on it keep it)."""
    _ensure_manages(actor, version.service)
    with transaction.atomic():
        service = _locked(version.service)
        version = ServiceVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise Conflict(
                _("Only a draft can be published; this version is %(status)s.")
                % {"status": version.get_status_display()}
            )
        problems = publish_problems(version)
        if problems:
            raise ValidationFailed(_("This version cannot be published yet."), errors=problems)
        now = timezone.now()
        previous = service.current_version
        if previous is not None:
            previous.status, previous.retired_at = VersionStatus.RETIRED, now
            previous.save(update_fields=["status", "retired_at", "updated_at"])
        version.status, version.published_at, version.published_by = VersionStatus.PUBLISHED, now, actor
        version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        service.current_version, service.category_id = version, version.category_id
        service.save(update_fields=["current_version", "category"])
    return version


def service_retire(*, actor, service: Service) -> Service:
    """Stop offering a service to new cases: its published version is retired."""
    _ensure_manages(actor, service)
    with transaction.atomic():
        service = _locked(service)
        current = service.current_version
        if current is None:
            raise Conflict(_("This service is not published, so there is nothing to retire."))
        current.status, current.retired_at = VersionStatus.RETIRED, timezone.now()
        current.save(update_fields=["status", "retired_at", "updated_at"])
        service.current_version = None
        service.save(update_fields=["current_version"])
    return service


def version_discard(*, actor, version: ServiceVersion) -> None:
    """Throw away a draft (a published version stays forever)."""
    _ensure_manages(actor, version.service)
    with transaction.atomic():
        locked = ServiceVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.is_draft:
            raise _not_a_draft()
        if not locked.service.versions.exclude(pk=locked.pk).exists():
            raise Conflict(_("This is the service's only version; it cannot be discarded."))
        locked.documents.all().delete()
        locked.delete()


def institution_member_set(*, user, institution: Institution) -> InstitutionMembership:
    """Attach an institution officer to their (one) institution."""
    if user.role != Role.INSTITUTION_OFFICER:
        raise ValidationFailed(
            errors={"user": [_("Only an institution officer can belong to an institution.")]}
        )
    membership, _created = InstitutionMembership.objects.update_or_create(
        user=user, defaults={"institution": institution}
    )
    return membership


# --- Regulator --------------------------------------------------------------------------------


def centre_fee_cap_set(*, actor, service: Service, cap, reason: str) -> CentreFeeCapChange:
    """The regulator changes a service's centre fee cap: a new published version carries it, and the
    change is recorded with who and why. Open drafts take the new cap too."""
    if not selectors.can_set_fee_caps(actor):
        raise PermissionDenied()
    cap = baisa_amount_clean(cap, path="cap")
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationFailed(errors={"reason": [_("Say why the cap changes.")]})
    if len(reason) > 2000:
        raise ValidationFailed(
            errors={"reason": [_("Keep this under %(limit)d characters.") % {"limit": 2000}]}
        )
    with transaction.atomic():
        service = _locked(service)
        current = service.current_version
        if current is None:
            raise Conflict(_("This service is not published; a cap applies to a published version."))
        if current.centre_fee_cap == cap:
            raise ValidationFailed(errors={"cap": [_("This is already the cap.")]})
        draft = service.versions.filter(status=VersionStatus.DRAFT).first()
        number = _next_number(service)
        if draft is not None:
            # The cap version takes the draft's number; the draft moves after it.
            number, draft.number, draft.centre_fee_cap = draft.number, number, cap
            draft.save(update_fields=["number", "centre_fee_cap", "updated_at"])
        now = timezone.now()
        current.status, current.retired_at = VersionStatus.RETIRED, now
        current.save(update_fields=["status", "retired_at", "updated_at"])
        version = _copy(
            current,
            number=number,
            status=VersionStatus.PUBLISHED,
            actor=actor,
            centre_fee_cap=cap,
            change_note=reason,
            published_at=now,
            published_by=actor,
        )
        service.current_version = version
        service.save(update_fields=["current_version"])
        return CentreFeeCapChange.objects.create(
            service=service,
            version=version,
            old_cap=current.centre_fee_cap,
            new_cap=cap,
            reason=reason,
            changed_by=actor,
        )


# --- Search -----------------------------------------------------------------------------------

_LONG_NUMBER = re.compile(r"\d{5,}")


def search_miss_record(*, query: str | None) -> SearchMiss | None:
    """Count a search that found nothing, by its normalised text and the day (Asia/Muscat). Long
    numbers (a civil number typed by mistake) are masked; nothing about who searched is kept."""
    text = _LONG_NUMBER.sub("#", normalise((query or "")[:MAX_QUERY_CHARS]))[
        : SearchMiss._meta.get_field("query").max_length
    ]
    if not text.strip("# "):
        return None
    day = timezone.localdate()
    with transaction.atomic():
        miss, _created = SearchMiss.objects.get_or_create(query=text, day=day)
        SearchMiss.objects.filter(pk=miss.pk).update(count=F("count") + 1)
    miss.refresh_from_db()
    return miss


# --- Rules other areas reuse ------------------------------------------------------------------


def government_fee_from_answers(*, version: ServiceVersion, answers: dict) -> int | None:
    """The government fee the version's fee rules give for these form answers, or None when no rule
    applies (the fee is then typed where it truly depends on the case)."""
    for rule in version.fee_rules or []:
        fees = rule.get("fees") or {}
        value = str((answers or {}).get(rule.get("field"), ""))
        if value in fees:
            return int(fees[value])
    return None


def fee_rule_rows(*, version: ServiceVersion, centre_fee: int) -> list[dict]:
    """The version's fee rules spelt out for a page or the API: per answer that sets the fee, the
    question and the answer (in the language in use), the government fee and the total with
    `centre_fee`."""
    from django.utils.translation import get_language

    english = (get_language() or "ar").startswith("en")

    def label(item: dict, fallback: str) -> str:
        return str(item.get("label_en" if english else "label_ar") or item.get("label_ar") or fallback)

    fields = {f.get("key"): f for f in version.form_fields or []}
    rows = []
    for rule in version.fee_rules or []:
        field = fields.get(rule.get("field"), {})
        choices = {str(c.get("value")): c for c in (field.get("constraints") or {}).get("choices", [])}
        for value, fee in (rule.get("fees") or {}).items():
            breakdown = fee_breakdown(version=version, centre_fee=centre_fee, government_fee=int(fee))
            rows.append(
                {
                    "field": rule.get("field"),
                    "question": label(field, rule.get("field") or ""),
                    "value": str(value),
                    "answer": label(choices.get(str(value), {}), str(value)),
                    "government_fee": int(fee),
                    "total": breakdown["total"],
                }
            )
    return rows


def fee_preview(
    *,
    version: ServiceVersion,
    centre_fee: int,
    answers: dict | None = None,
    government_fee: int | None = None,
) -> dict:
    """What a request would cost before it is sent: the fee breakdown with the government fee given,
    else the one the fee rules derive from the answers, else the version's range. `source` says which:
    "given", "rule" (with the rule's question and answer) or "range"."""
    source, rule = "given", None
    if government_fee is None:
        derived = government_fee_from_answers(version=version, answers=answers or {})
        if derived is not None:
            government_fee, source = derived, "rule"
            value_of = {r["field"]: str((answers or {}).get(r["field"], "")) for r in version.fee_rules or []}
            rule = next(
                (
                    r
                    for r in fee_rule_rows(version=version, centre_fee=centre_fee)
                    if value_of.get(r["field"]) == r["value"]
                ),
                None,
            )
        else:
            source = "range"
    breakdown = fee_breakdown(version=version, centre_fee=centre_fee, government_fee=government_fee)
    return {**breakdown, "source": source, "rule": rule}


def fee_breakdown(*, version: ServiceVersion, centre_fee: int, government_fee: int | None = None) -> dict:
    """What the citizen pays, in baisa: the government fee, the centre's fee (at most the version's
    cap), 5% VAT on the centre fee, and the total. `government_fee` is needed only when the version's
    fee is a range (or a percentage); without it the minimum is used and the maximum reported."""
    errors = {}
    if not isinstance(centre_fee, int) or isinstance(centre_fee, bool) or centre_fee < 0:
        errors["centre_fee"] = [_("Enter a whole number of baisa, zero or more (1 OMR = 1000 baisa).")]
    elif centre_fee > version.centre_fee_cap:
        errors["centre_fee"] = [
            _("The centre fee cannot be above the cap set by the regulator (%(cap)s).")
            % {"cap": format_omr(version.centre_fee_cap)}
        ]
    if government_fee is not None:
        if not isinstance(government_fee, int) or isinstance(government_fee, bool) or government_fee < 0:
            errors["government_fee"] = [
                _("Enter a whole number of baisa, zero or more (1 OMR = 1000 baisa).")
            ]
        elif version.fee_percent is None and not (
            version.government_fee_min <= government_fee <= version.government_fee_max
        ):
            errors["government_fee"] = [
                _("The government fee for this service is between %(min)s and %(max)s.")
                % {
                    "min": format_omr(version.government_fee_min),
                    "max": format_omr(version.government_fee_max),
                }
            ]
    if errors:
        raise ValidationFailed(errors=errors)
    government = version.government_fee_min if government_fee is None else government_fee
    government_max = version.government_fee_max if government_fee is None else government_fee
    vat = vat_on(centre_fee)
    return {
        "government_fee": government,
        "government_fee_max": government_max,
        "centre_fee": centre_fee,
        "vat": vat,
        "total": government + centre_fee + vat,
        "total_max": government_max + centre_fee + vat,
        "is_range": government != government_max,
        "is_estimate": version.fee_is_estimate,
    }


def form_data_validate(*, version: ServiceVersion, data, language: str = "ar") -> dict:
    """The version's form data, cleaned (civil numbers and phones in canonical form, numbers as
    numbers), or ValidationFailed with a message per field in `language`."""
    with translation.override(language):
        cleaned, errors = form_data_clean(version.form_fields, data)
        if errors:
            raise ValidationFailed(errors=errors)
    return cleaned
