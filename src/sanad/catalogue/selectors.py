"""Reads of the catalogue. Tenancy (which services an officer manages) is decided here only."""

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import StrIndex

from sanad.accounts.constants import Role
from sanad.core.errors import NotFound

from .constants import Channel, VersionStatus
from .models import (
    Category,
    CentreFeeCapChange,
    Institution,
    RequiredDocument,
    Service,
    ServiceVersion,
)
from .search import search_terms

PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


def service_current_version(service: Service) -> ServiceVersion | None:
    """The published version new cases open on, or None when the service is not offered."""
    return service.current_version if service.current_version_id else None


def _with_documents(qs):
    return qs.prefetch_related(
        Prefetch("documents", queryset=RequiredDocument.objects.select_related("document_type"))
    )


def published_services() -> QuerySet[Service]:
    return Service.objects.filter(current_version__isnull=False, institution__is_active=True).select_related(
        "institution", "category", "current_version", "current_version__category"
    )


def services_search(
    q: str | None = None,
    *,
    institution: str | Institution | None = None,
    category: str | Category | None = None,
    channel: str | None = None,
) -> QuerySet[Service]:
    """Published services matching every word of `q` in any spelling variant (see search.py),
    best match first (a word found in the name ranks above one found in the institution's name)."""
    qs = published_services()
    if institution:
        qs = (
            qs.filter(institution=institution)
            if isinstance(institution, Institution)
            else qs.filter(institution__code=institution)
        )
    if category:
        qs = (
            qs.filter(category=category)
            if isinstance(category, Category)
            else qs.filter(category__code=category)
        )
    if channel in Channel.values:
        qs = qs.filter(current_version__channels__icontains=f'"{channel}"')
    terms = search_terms(q) if q else []
    for term in terms:
        qs = qs.filter(current_version__search_text__contains=term)
    if terms:
        return qs.annotate(match_at=StrIndex(F("current_version__search_text"), Value(terms[0]))).order_by(
            "match_at", "category__sort_order", "code"
        )
    return qs.order_by("category__sort_order", "institution__kind", "institution__code", "code")


def service_public(code: str) -> Service:
    """A published service by code, for the public pages and API, or NotFound."""
    service = published_services().filter(code=code).first()
    if service is None:
        raise NotFound()
    return service


def service_by_code(code: str) -> Service:
    """Any service with at least one public version (published or retired), or NotFound."""
    service = (
        Service.objects.select_related("institution", "category", "current_version")
        .filter(code=code, versions__status__in=PUBLIC_STATUSES)
        .distinct()
        .first()
    )
    if service is None:
        raise NotFound()
    return service


def version_with_documents(version_id: int) -> ServiceVersion:
    return _with_documents(ServiceVersion.objects.select_related("service__institution", "category")).get(
        pk=version_id
    )


def versions_public(service: Service) -> QuerySet[ServiceVersion]:
    return service.versions.filter(status__in=PUBLIC_STATUSES).order_by("-number")


def version_public(service: Service, number: int) -> ServiceVersion:
    version = _with_documents(versions_public(service)).filter(number=number).first()
    if version is None:
        raise NotFound()
    return version


def institutions_with_counts() -> QuerySet[Institution]:
    return Institution.objects.filter(is_active=True).annotate(
        service_count=Count("services", filter=Q(services__current_version__isnull=False))
    )


def institution_public(code: str) -> Institution:
    institution = institutions_with_counts().filter(code=code).first()
    if institution is None:
        raise NotFound()
    return institution


def categories_with_counts(*, institution: Institution | None = None) -> QuerySet[Category]:
    condition = Q(services__current_version__isnull=False, services__institution__is_active=True)
    if institution is not None:
        condition &= Q(services__institution=institution)
    return Category.objects.annotate(service_count=Count("services", filter=condition)).order_by(
        "sort_order", "code"
    )


# --- Officers -------------------------------------------------------------------------------


def institution_of(user) -> Institution | None:
    """The institution an officer belongs to (None for anyone else)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.INSTITUTION_OFFICER:
        return None
    membership = getattr(user, "institution_membership", None)
    return membership.institution if membership is not None else None


def can_manage_catalogue(user) -> bool:
    """Admins manage every institution's services; officers their own institution's."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == Role.ADMIN or user.is_superuser or institution_of(user) is not None


def services_managed_by(user) -> QuerySet[Service]:
    qs = Service.objects.select_related("institution", "category", "current_version")
    if getattr(user, "is_authenticated", False) and (user.role == Role.ADMIN or user.is_superuser):
        return qs
    institution = institution_of(user)
    if institution is None:
        return qs.none()
    return qs.filter(institution=institution)


def service_managed(user, code: str) -> Service:
    """A service the user manages, or NotFound (another institution's service is not revealed)."""
    service = services_managed_by(user).filter(code=code).first()
    if service is None:
        raise NotFound()
    return service


def service_draft(service: Service) -> ServiceVersion | None:
    return _with_documents(service.versions.filter(status=VersionStatus.DRAFT)).first()


def version_managed(user, code: str, number: int) -> ServiceVersion:
    service = service_managed(user, code)
    version = _with_documents(service.versions.select_related("category")).filter(number=number).first()
    if version is None:
        raise NotFound()
    return version


def managed_services_overview(user) -> QuerySet[Service]:
    """The officer console's list: each service with its published version and whether a draft is open."""
    return (
        services_managed_by(user)
        .annotate(
            draft_count=Count("versions", filter=Q(versions__status=VersionStatus.DRAFT)),
            version_count=Count("versions"),
        )
        .order_by("category__sort_order", "code")
    )


def latest_version(service: Service) -> ServiceVersion | None:
    return _with_documents(service.versions.all()).order_by("-number").first()


# --- Regulator ------------------------------------------------------------------------------


def can_set_fee_caps(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.role in (Role.REGULATOR, Role.ADMIN) or user.is_superuser
    )


def cap_changes(service: Service) -> QuerySet[CentreFeeCapChange]:
    return service.cap_changes.select_related("changed_by", "version")


def services_for_caps(q: str | None = None, *, institution: str | None = None) -> QuerySet[Service]:
    qs = services_search(q, institution=institution)
    return qs.annotate(cap_change_count=Count("cap_changes"))
