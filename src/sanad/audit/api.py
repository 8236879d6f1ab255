"""Audit trail API (routed by sanad/api/urls.py): the regulator's search, and a person's own data
rights under /api/v1/me/ (added by rights_api)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from sanad.api.pagination import Pagination

from . import selectors


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    role = serializers.CharField()
    actor_org = serializers.CharField()
    channel = serializers.CharField()
    client = serializers.CharField()
    user_agent = serializers.CharField()
    action = serializers.CharField(source="operation")
    object = serializers.CharField()
    changes = serializers.JSONField()
    note = serializers.CharField()
    hash = serializers.CharField(allow_null=True, help_text="null until the entry is sealed into the chain")
    prev_hash = serializers.CharField(help_text="empty until the entry is sealed into the chain")


FILTERS = [
    OpenApiParameter("object", OpenApiTypes.STR, description="`case:<reference>` or `<kind>:<id>`"),
    OpenApiParameter("person", OpenApiTypes.STR, description="username or civil/resident number"),
    OpenApiParameter("centre", OpenApiTypes.INT, description="centre id"),
    OpenApiParameter("from", OpenApiTypes.STR, description="date (YYYY-MM-DD) or ISO time"),
    OpenApiParameter("to", OpenApiTypes.STR, description="date (YYYY-MM-DD) or ISO time"),
]


def search_from(request, user):
    q = request.GET
    return selectors.trail_search(
        user,
        object=q.get("object", "")[:120],
        person=q.get("person", "")[:150],
        centre=q.get("centre", "")[:20],
        start=q.get("from", "")[:40],
        end=q.get("to", "")[:40],
    )


class AuditTrailView(APIView):
    """Search the audit trail (the regulator and administrators only), newest first."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["audit"], parameters=FILTERS, responses=AuditEntrySerializer(many=True))
    def get(self, request):
        entries = search_from(request, request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(AuditEntrySerializer(page, many=True).data)


from .rights_api import urlpatterns as rights_urlpatterns  # noqa: E402

urlpatterns: list = [path("audit/", AuditTrailView.as_view(), name="audit-trail"), *rights_urlpatterns]


def register(router) -> None:
    pass
