"""A person's own data rights in the API, under /api/v1/me/: the data export, erasure,
corrections and consents. Someone else's request is 404, like a missing one."""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.errors import ValidationFailed

from . import rights
from .constants import ConsentPurpose, RectificationField
from .export import data_export
from .models import DataExport, ErasureRequest, RectificationRequest


class DataExportRecordSerializer(serializers.ModelSerializer):
    size = serializers.IntegerField(read_only=True, min_value=0, help_text="bytes")

    class Meta:
        model = DataExport
        fields = ("id", "created_at", "sha256", "size")


class ErasureRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ErasureRequest
        fields = ("id", "state", "reason", "requested_at", "erase_after", "done_at")


class ErasureInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RectificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationRequest
        fields = (
            "id",
            "field",
            "current_value",
            "requested_value",
            "reason",
            "state",
            "requested_at",
            "review_note",
        )


class RectificationInputSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=RectificationField.choices)
    value = serializers.CharField(max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ConsentSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    given = serializers.BooleanField()
    given_at = serializers.DateTimeField(allow_null=True, read_only=True)


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationFailed(errors=serializer.errors)
    return serializer.validated_data


class DataExportView(APIView):
    """All of one's data as a ZIP (data.json, summary.pdf, documents). Each export is recorded."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["me"], responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request):
        rights._citizen(request.user)
        record, content = data_export(person=request.user, actor=request.user)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="sanad-my-data-{record.created_at:%Y%m%d}.zip"'
        )
        response["X-Export-Id"] = str(record.pk)
        response["X-Export-SHA256"] = record.sha256
        return response


class DataExportRecordView(APIView):
    """The record of one earlier export (when, and the SHA-256 of what was handed over)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["me"], responses=DataExportRecordSerializer)
    def get(self, request, export_id: int):
        from django.utils.translation import gettext as _

        from sanad.core.errors import NotFound

        record = DataExport.objects.filter(pk=export_id, person=request.user).first()
        if record is None:
            raise NotFound(_("Not found."))
        return Response(DataExportRecordSerializer(record).data)


class ErasureRequestView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["me"], request=ErasureInputSerializer, responses={201: ErasureRequestSerializer})
    def post(self, request):
        data = _valid(ErasureInputSerializer, request.data)
        erasure = rights.erasure_request(person=request.user, reason=data.get("reason", ""))
        return Response(ErasureRequestSerializer(erasure).data, status=status.HTTP_201_CREATED)


class ErasureRequestDetailView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["me"], responses=ErasureRequestSerializer)
    def get(self, request, request_id: int):
        return Response(
            ErasureRequestSerializer(rights.erasure_of(person=request.user, request_id=request_id)).data
        )

    @extend_schema(tags=["me"], responses=ErasureRequestSerializer)
    def delete(self, request, request_id: int):
        erasure = rights.erasure_withdraw(person=request.user, request_id=request_id)
        return Response(ErasureRequestSerializer(erasure).data)


class RectificationView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["me"], request=RectificationInputSerializer, responses={201: RectificationSerializer}
    )
    def post(self, request):
        data = _valid(RectificationInputSerializer, request.data)
        made = rights.rectification_request(
            person=request.user, field=data["field"], value=data["value"], reason=data.get("reason", "")
        )
        return Response(RectificationSerializer(made).data, status=status.HTTP_201_CREATED)


class ConsentView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["me"], responses=ConsentSerializer(many=True))
    def get(self, request):
        rights._citizen(request.user)
        return Response(
            [
                {
                    "purpose": purpose,
                    "given": consent is not None,
                    "given_at": consent.given_at if consent else None,
                }
                for purpose, consent in rights.consents_of(request.user).items()
            ]
        )

    @extend_schema(tags=["me"], request=ConsentSerializer, responses=ConsentSerializer)
    def post(self, request):
        data = _valid(ConsentSerializer, request.data)
        consent = rights.consent_set(person=request.user, purpose=data["purpose"], given=data["given"])
        active = consent is not None and consent.withdrawn_at is None
        return Response(
            {"purpose": data["purpose"], "given": active, "given_at": consent.given_at if active else None}
        )


urlpatterns = [
    path("me/data-export/", DataExportView.as_view(), name="me-data-export"),
    path("me/data-exports/<int:export_id>/", DataExportRecordView.as_view(), name="me-data-export-record"),
    path("me/erasure-request/", ErasureRequestView.as_view(), name="me-erasure-request"),
    path(
        "me/erasure-requests/<int:request_id>/", ErasureRequestDetailView.as_view(), name="me-erasure-detail"
    ),
    path("me/corrections/", RectificationView.as_view(), name="me-corrections"),
    path("me/consents/", ConsentView.as_view(), name="me-consents"),
]
