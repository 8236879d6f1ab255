"""Reads of the catalogue. Tenancy (which services an officer manages) is decided here only."""

import datetime

from django.db.models import Case, Count, IntegerField, Max, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from sanad.accounts.constants import Role
from sanad.core.errors import NotFound

from .constants import Channel, VersionStatus
from .models import (
    Category,
    CentreFeeCapChange,
    Institution,
    RequiredDocument,
    SearchMiss,
    Service,
    ServiceVersion,
)
from .search import ParsedQuery, parse_query
from .search_index import candidates_sql

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


RESULT_LIMIT = 100  # a text search lists at most this many services, best first


def services_search(
    q: str | None = None,
    *,
    institution: str | Institution | None = None,
    category: str | Category | None = None,
    channel: str | None = None,
    within: QuerySet[Service] | None = None,
) -> QuerySet[Service]:
    """Published services for a visitor's query, best match first (see search.py): every word is
    folded and stemmed, generic words ("تجديد", "renew") count less than the words naming the thing,
    one typo is tolerated in longer words, the last words may be unfinished, and a service matching
    only some words still comes, after those matching more. Without `q`, the catalogue in its usual
    order. `within` narrows to a set of services (e.g. those a centre offers) before ranking.

    At most three queries whatever the catalogue's size: the candidates' stored stems (found by the
    database's full-text engine; a second lookup only when no naming word matched), then the page's
    rows in ranked order."""
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
    if within is not None:
        qs = qs.filter(pk__in=within.values("pk"))
    parsed = parse_query(q)
    if not parsed:
        return qs.order_by("category__sort_order", "institution__kind", "institution__code", "code")
    ranked = services_ranked(qs, parsed)
    if not ranked:
        return qs.none()
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)), output_field=IntegerField())
    return qs.filter(pk__in=ranked).order_by(order)


def services_ranked(qs: QuerySet[Service], parsed: ParsedQuery, *, limit: int = RESULT_LIMIT) -> list[int]:
    """Ids of the services in `qs` matching `parsed`, best first. When some service matches a word
    that names a thing, services matching only generic words ("تجديد") are left out; so candidates
    are first looked up by the naming words alone, and by the generic words only when no naming
    word matched (the same result as one lookup by all words, with far fewer candidates to score)."""
    scored: dict[int, tuple] = {}
    for part in (parsed.naming, parsed.generic):
        if not part:
            continue
        sql, params = candidates_sql(part)
        rows = qs.filter(current_version_id__in=RawSQL(sql, params)).values_list(  # noqa: S611 — typed text is a parameter
            "pk", "code", "category__sort_order", "current_version__search_terms"
        )
        for pk, code, sort_order, stored in rows:
            terms = stored or {}
            score, named = parsed.score(terms)
            if score > 0:
                scored[pk] = (-round(score, 6), terms.get("length", 0), sort_order, code, pk, named)
        if any(row[5] for row in scored.values()):
            scored = {pk: row for pk, row in scored.items() if row[5]}
            break
    return [row[4] for row in sorted(scored.values())][:limit]


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


# --- Searches without results -----------------------------------------------------------------


def can_see_search_misses(user) -> bool:
    """The regulator and institution officers read what citizens searched for in vain (a national
    list: a query that found nothing belongs to no institution)."""
    return can_set_fee_caps(user) or institution_of(user) is not None


def search_misses(*, days: int = 30) -> QuerySet:
    """Queries that found nothing over the last `days` days: text, total count, days seen, last day;
    most asked first."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    return (
        SearchMiss.objects.filter(day__gte=since)
        .values("query")
        .annotate(total=Sum("count"), days=Count("day"), last_day=Max("day"))
        .order_by("-total", "-last_day", "query")
    )
