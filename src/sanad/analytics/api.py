"""Statistics API (routed by sanad/api/urls.py): national, one centre, one institution, and the open
datasets. Each answer also exports as CSV or XLSX (`?format=csv|xlsx`, `&table=`). Adapters only:
the figures come from selectors.py."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import opendata, selectors, tables
from .exports import CSVRenderer, XLSXRenderer, export, table_rows
from .filters import parse_filters

TAGS = ["statistics"]
FILTERS = [
    OpenApiParameter(
        "from", OpenApiTypes.STR, description="YYYY-MM-DD, YYYY-MM or YYYY (default: 1 January)"
    ),
    OpenApiParameter(
        "to", OpenApiTypes.STR, description="YYYY-MM-DD, YYYY-MM or YYYY (default: 31 December)"
    ),
    OpenApiParameter("governorate", OpenApiTypes.STR, description="ISO 3166-2 code, e.g. OM-MA"),
    OpenApiParameter("wilayat", OpenApiTypes.STR),
    OpenApiParameter("institution", OpenApiTypes.STR),
    OpenApiParameter("service", OpenApiTypes.STR),
    OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"]),
    OpenApiParameter("table", OpenApiTypes.STR, description="what to export with format=csv|xlsx"),
]


class StatsView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    tables: dict = {}
    default_table = ""
    filename = "statistics"

    def answer(self, request, figures, stats_filter, *, daily_where=None):
        fmt = request.accepted_renderer.format
        if fmt not in ("csv", "xlsx"):
            return Response(figures(stats_filter))
        table = tables.choose(self.tables, request.query_params.get("table"), self.default_table)
        name = f"{self.filename}-{table}-{stats_filter.start}-{stats_filter.end}"
        if table == tables.DAILY:
            rows = selectors.daily_rows(stats_filter, where=daily_where)
            return export(fmt, selectors.DAILY_COLUMNS, rows, name, title=table)
        columns = self.tables[table]
        return export(fmt, columns, table_rows(figures(stats_filter)[table], columns), name, title=table)


class NationalStatsView(StatsView):
    """The whole network (the regulator): the figures of the regulator's dashboard."""

    tables = tables.NATIONAL
    default_table = "by_governorate"
    filename = "sanad-national"

    @extend_schema(tags=TAGS, parameters=FILTERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        selectors.check_national(request.user)
        return self.answer(request, selectors.national_stats, parse_filters(request.query_params))


class CentreStatsView(StatsView):
    """One centre's business (its staff, the regulator), beside the median centre of its wilayat."""

    tables = tables.CENTRE
    default_table = "by_month"
    filename = "sanad-centre"

    @extend_schema(tags=TAGS, parameters=FILTERS, responses=OpenApiTypes.OBJECT)
    def get(self, request, centre_id: int):
        centre = selectors.centre_for_stats(request.user, centre_id)
        stats_filter = parse_filters(request.query_params)
        return self.answer(
            request,
            lambda f: selectors.centre_stats(centre, f),
            stats_filter,
            daily_where={"centre_id": centre.pk},
        )


class InstitutionStatsView(StatsView):
    """What one institution receives through the centres (its officers, the regulator)."""

    tables = tables.INSTITUTION
    default_table = "by_service"
    filename = "sanad-institution"

    @extend_schema(tags=TAGS, parameters=FILTERS, responses=OpenApiTypes.OBJECT)
    def get(self, request, code: str):
        institution = selectors.institution_for_stats(request.user, code)
        stats_filter = parse_filters(request.query_params)
        return self.answer(
            request,
            lambda f: selectors.institution_stats(institution, f),
            stats_filter,
            daily_where={"institution_id": institution.pk},
        )


class OpenDatasetSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title_ar = serializers.CharField()
    title_en = serializers.CharField()
    csv_url = serializers.URLField()
    json_url = serializers.URLField()
    updated_at = serializers.DateTimeField(allow_null=True)
    licence = serializers.CharField()
    licence_url = serializers.URLField()


class OpenDatasetsView(APIView):
    """The published open datasets (no login), with stable CSV and JSON addresses."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(tags=["open data"], responses=OpenDatasetSerializer(many=True))
    def get(self, request):
        return Response(opendata.catalogue(request))


urlpatterns = [
    path("stats/national/", NationalStatsView.as_view(), name="stats-national"),
    path("stats/centres/<int:centre_id>/", CentreStatsView.as_view(), name="stats-centre"),
    path("stats/institutions/<str:code>/", InstitutionStatsView.as_view(), name="stats-institution"),
    path("open/datasets/", OpenDatasetsView.as_view(), name="open-datasets"),
]


def register(router) -> None:
    pass
