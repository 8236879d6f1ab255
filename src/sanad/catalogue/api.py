"""API of the catalogue, mounted under /api/v1/: institutions, categories, services and their
versions (public reads), and the writes an institution system needs to publish a version, plus the
regulator's cap change. Adapters only: rules live in services.py and selectors.py."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sanad.accounts.access import require
from sanad.core.errors import NotFound, ValidationFailed

from . import selectors, services
from .constants import SEARCH_MAX_LENGTH, Channel, InstitutionKind
from .models import Category, Institution, RequiredDocument, Service
from .search import normalise
from .serializers import (
    CapChangeInSerializer,
    CapChangeSerializer,
    CategorySerializer,
    InstitutionSerializer,
    ServiceCreateSerializer,
    ServiceDetailSerializer,
    ServiceSerializer,
    VersionContentSerializer,
    VersionSerializer,
)

TAGS = ["catalogue"]
TAGS_WRITE = ["catalogue (institutions)"]


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise ValidationFailed(errors={"non_field_errors": [_("Send a JSON object.")]})
    return dict(request.data)


# --- Institutions and categories --------------------------------------------------------------


class InstitutionFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=InstitutionKind.choices)

    class Meta:
        model = Institution
        fields = ("kind",)


@extend_schema_view(list=extend_schema(tags=TAGS), retrieve=extend_schema(tags=TAGS))
class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Government bodies and companies that offer services through Sanad centres."""

    serializer_class = InstitutionSerializer
    lookup_field = "code"
    filterset_class = InstitutionFilter
    permission_classes = (AllowAny,)

    def get_queryset(self):
        return selectors.institutions_with_counts().order_by("code")


@extend_schema_view(list=extend_schema(tags=TAGS), retrieve=extend_schema(tags=TAGS))
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    lookup_field = "code"
    filter_backends = ()
    permission_classes = (AllowAny,)

    def get_queryset(self):
        return selectors.categories_with_counts()


# --- Services ---------------------------------------------------------------------------------


def _validate_query(value: str) -> None:
    if value and not normalise(value):
        raise ValidationError(_("Type at least one letter or digit to search."))


class ServiceFilter(filters.FilterSet):
    q = filters.CharFilter(
        max_length=SEARCH_MAX_LENGTH,
        validators=[_validate_query],
        help_text=gettext_lazy(
            "Search in Arabic or English; spelling variants (hamza forms, taa marbuta, alef maqsura, "
            "diacritics, with or without ال) match."
        ),
        error_messages={
            "max_length": gettext_lazy("The search text is too long (at most %(limit_value)d characters).")
        },
    )
    institution = filters.ModelChoiceFilter(
        queryset=Institution.objects.all(),
        to_field_name="code",
        help_text=gettext_lazy("Institution code, e.g. ROP"),
        error_messages={"invalid_choice": gettext_lazy("Unknown institution code.")},
    )
    category = filters.ModelChoiceFilter(
        queryset=Category.objects.all(),
        to_field_name="code",
        help_text=gettext_lazy("Category code, e.g. vehicles"),
        error_messages={"invalid_choice": gettext_lazy("Unknown category code.")},
    )
    channel = filters.ChoiceFilter(
        choices=Channel.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose walk_in or online.")},
    )

    class Meta:
        model = Service
        fields = ("q", "institution", "category", "channel")

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return selectors.services_search(
            data.get("q"),
            institution=data.get("institution"),
            category=data.get("category"),
            channel=data.get("channel"),
        ).prefetch_related(
            Prefetch(
                "current_version__documents",
                queryset=RequiredDocument.objects.select_related("document_type"),
            )
        )


class FeePreviewInSerializer(drf_serializers.Serializer):
    centre = drf_serializers.IntegerField(required=False, allow_null=True, help_text="a centre offering it")
    form_data = drf_serializers.DictField(required=False, help_text="the form's answers so far")
    government_fee = drf_serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text="baisa, only where it depends on the case"
    )


class FeeRuleSerializer(drf_serializers.Serializer):
    field = drf_serializers.CharField()
    question = drf_serializers.CharField()
    value = drf_serializers.CharField()
    answer = drf_serializers.CharField()
    government_fee = drf_serializers.IntegerField(help_text="baisa")


class FeePreviewSerializer(drf_serializers.Serializer):
    government_fee = drf_serializers.IntegerField(help_text="baisa")
    government_fee_max = drf_serializers.IntegerField(help_text="baisa")
    centre_fee = drf_serializers.IntegerField(help_text="baisa")
    vat = drf_serializers.IntegerField(help_text="baisa (5% of the centre fee)")
    total = drf_serializers.IntegerField(help_text="baisa")
    total_max = drf_serializers.IntegerField(help_text="baisa")
    is_range = drf_serializers.BooleanField()
    source = drf_serializers.ChoiceField(choices=["given", "rule", "range"])
    rule = FeeRuleSerializer(allow_null=True, help_text="the rule that gave the government fee")


VERSION_NUMBER = OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="Published services (search and filters)"),
    retrieve=extend_schema(tags=TAGS, summary="A service: its current version and version history"),
)
class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Services offered through Sanad centres. Reading is public; institution officers (or their
    systems, with a token) draft, publish and retire their own institution's services."""

    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9-]+"
    filterset_class = ServiceFilter

    def get_permissions(self):
        if self.action == "fee_preview":
            return [AllowAny()]
        if self.action in ("list", "retrieve", "version"):
            return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return selectors.published_services()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        q = request.query_params.get("q", "")
        if q and response.status_code == 200 and response.data.get("count") == 0:
            services.search_miss_record(query=q)
        return response

    def get_serializer_class(self):
        return ServiceDetailSerializer if self.action == "retrieve" else ServiceSerializer

    def _service_for(self, code: str, *, manage: bool = False) -> Service:
        if manage:
            return selectors.service_managed(self.request.user, code)
        try:
            return selectors.service_by_code(code)
        except NotFound:
            return selectors.service_managed(self.request.user, code)

    def retrieve(self, request, code=None):
        service = self._service_for(code)
        managed = selectors.services_managed_by(request.user).filter(pk=service.pk).exists()
        versions = service.versions.order_by("-number") if managed else selectors.versions_public(service)
        if service.current_version_id:
            service.current_version = selectors.version_with_documents(service.current_version_id)
        data = ServiceDetailSerializer(service, context={"request": request, "versions": versions}).data
        return Response(data)

    @extend_schema(
        tags=TAGS_WRITE,
        summary="Create a service (with its first draft version)",
        request=ServiceCreateSerializer,
        responses={201: VersionSerializer},
    )
    def create(self, request):
        body = _body(request)
        institution = None
        if body.get("institution"):
            institution = Institution.objects.filter(code=str(body["institution"])).first()
            if institution is None:
                raise ValidationFailed(errors={"institution": [_("Unknown institution code.")]})
        content = {k: v for k, v in body.items() if k not in ("code", "institution")}
        draft = services.service_create(
            actor=request.user, code=body.get("code"), content=content, institution=institution
        )
        return Response(self._version_data(draft), status=status.HTTP_201_CREATED)

    def _version_data(self, version) -> dict:
        version = selectors.version_with_documents(version.pk)
        return VersionSerializer(version, context={"request": self.request}).data

    @extend_schema(
        tags=TAGS_WRITE,
        summary="Open a new draft version (a copy of the latest, with the changes sent)",
        request=VersionContentSerializer,
        responses={201: VersionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="versions")
    def versions(self, request, code=None):
        service = self._service_for(code, manage=True)
        draft = services.version_draft(actor=request.user, service=service, content=_body(request))
        return Response(self._version_data(draft), status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        tags=TAGS,
        summary="One version of a service (drafts only to their institution)",
        parameters=[VERSION_NUMBER],
        responses=VersionSerializer,
    )
    @extend_schema(
        methods=["PATCH"],
        tags=TAGS_WRITE,
        summary="Change a draft (a published version answers 409)",
        parameters=[VERSION_NUMBER],
        request=VersionContentSerializer,
        responses=VersionSerializer,
    )
    @extend_schema(
        methods=["DELETE"],
        tags=TAGS_WRITE,
        summary="Discard a draft",
        parameters=[VERSION_NUMBER],
        responses={204: None},
    )
    @action(detail=True, methods=["get", "patch", "delete"], url_path=r"versions/(?P<number>[0-9]{1,9})")
    def version(self, request, code=None, number=None):
        if request.method == "GET":
            try:
                version = selectors.version_managed(request.user, code, int(number))
            except NotFound:
                version = selectors.version_public(selectors.service_by_code(code), int(number))
            return Response(VersionSerializer(version, context={"request": request}).data)
        version = selectors.version_managed(request.user, code, int(number))
        if request.method == "DELETE":
            services.version_discard(actor=request.user, version=version)
            return Response(status=status.HTTP_204_NO_CONTENT)
        updated = services.version_update(actor=request.user, version=version, content=_body(request))
        return Response(self._version_data(updated))

    @extend_schema(
        tags=TAGS_WRITE,
        summary="Publish a draft (the previous version is retired for new cases)",
        parameters=[VERSION_NUMBER],
        request=None,
        responses=VersionSerializer,
    )
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<number>[0-9]{1,9})/publish")
    def publish(self, request, code=None, number=None):
        version = selectors.version_managed(request.user, code, int(number))
        published = services.version_publish(actor=request.user, version=version)
        return Response(self._version_data(published))

    @extend_schema(
        tags=TAGS_WRITE,
        summary="Retire a service (no new cases; open cases keep their version)",
        request=None,
        responses=ServiceSerializer,
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, code=None):
        service = self._service_for(code, manage=True)
        service = services.service_retire(actor=request.user, service=service)
        return Response(ServiceSerializer(service, context={"request": request}).data)

    @extend_schema(
        tags=TAGS,
        auth=[],
        summary="What a request would cost: the fee derived from the form's answers",
        description=(
            "The fee breakdown (baisa) of the service's current version before a request is sent. The "
            "government fee is the one given, else the one the service's fee rules derive from "
            "`form_data` (e.g. the renewal period of a driving licence), else the version's range "
            "(`source`: given, rule or range). The centre fee is that `centre`'s price for the "
            "service, or the regulator's cap without a centre."
        ),
        request=FeePreviewInSerializer,
        responses={200: FeePreviewSerializer},
    )
    @action(detail=True, methods=["post"], url_path="fee-preview")
    def fee_preview(self, request, code=None):
        data = FeePreviewInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        service = selectors.service_public(code)
        version = service.current_version
        centre_fee = version.centre_fee_cap
        if v.get("centre") is not None:
            from sanad.centres import selectors as centres

            centre = centres.centres_search(service=service.code).filter(pk=v["centre"]).first()
            if centre is None:
                raise ValidationFailed(errors={"centre": [_("This centre does not offer this service.")]})
            centre_fee = centres.centre_fee_for(centre, service).fee
        preview = services.fee_preview(
            version=version,
            centre_fee=centre_fee,
            answers=v.get("form_data") or {},
            government_fee=v.get("government_fee"),
        )
        return Response(FeePreviewSerializer(preview).data)

    @extend_schema(
        tags=["regulator"],
        summary="Change the centre fee cap (regulator): a new version, with who and why",
        request=CapChangeInSerializer,
        responses={201: CapChangeSerializer},
    )
    @action(detail=True, methods=["post"])
    def cap(self, request, code=None):
        body = _body(request)
        require(request.user, "caps.set")
        service = selectors.service_public(code)
        change = services.centre_fee_cap_set(
            actor=request.user, service=service, cap=body.get("cap"), reason=body.get("reason", "")
        )
        return Response(CapChangeSerializer(change).data, status=status.HTTP_201_CREATED)


urlpatterns: list = []


def register(router) -> None:
    router.register("institutions", InstitutionViewSet, basename="institution")
    router.register("categories", CategoryViewSet, basename="category")
    router.register("services", ServiceViewSet, basename="service")
