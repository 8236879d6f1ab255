"""Institution integration API (routed by sanad/api/urls.py): the signed decision callback, the
institutions' pull API (cases submitted to them, and their decision), the signed document links,
and the operators' view of every institution's queue and health."""

from django.core import signing
from django.http import FileResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.accounts.access import allow, restrict
from sanad.api.parsers import SafeMultiPartParser
from sanad.core.errors import NotFound, PermissionDenied, ValidationFailed

from . import conf, selectors, services
from .constants import Health
from .models import Submission
from .services.submissions import DOCUMENT_SALT, document_url

CALLBACK_MAX_BYTES = 15 * 1024 * 1024


class CallbackResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    state = serializers.CharField()


class CallbackView(APIView):
    """An institution's system sends a decision, signed the Standard Webhooks way with one of the
    connector's secrets: `{"reference", "decision": approve|reject|more_info, "note",
    "institution_reference", "document": {"name", "content_base64"}}`."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    parser_classes = ()

    @extend_schema(
        tags=["integrations"],
        request={"application/json": OpenApiTypes.OBJECT},
        responses=CallbackResultSerializer,
        auth=[],
        summary="Decision callback from an institution's system (Standard Webhooks signature)",
    )
    def post(self, request, code: str):
        # Read the raw stream ourselves: the body carries the issued document (up to 10 MB, in
        # base64), above Django's limit for in-memory bodies; the limit here is ours.
        body = request._request.read(CALLBACK_MAX_BYTES + 1)
        if len(body) > CALLBACK_MAX_BYTES:
            raise ValidationFailed(_("The message is too large (at most 15 MB)."))
        result = services.callback_receive(code=code, headers=request.headers, body=body, path=request.path)
        return Response(result)


class DocumentLinkView(APIView):
    """The signed, expiring link an institution's system follows to fetch one document."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        tags=["integrations"], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, auth=[]
    )
    def get(self, request, token: str):
        from sanad.cases.models import CaseDocument

        try:
            data = signing.loads(
                token, salt=DOCUMENT_SALT, max_age=conf.get("INTEGRATIONS_DOCUMENT_URL_SECONDS")
            )
        except signing.BadSignature:
            raise NotFound(_("This link is not valid or has expired.")) from None
        submission = Submission.objects.filter(pk=data.get("s")).first()
        document = CaseDocument.objects.filter(
            pk=data.get("d"), case_id=getattr(submission, "case_id", None)
        ).first()
        if document is None:
            raise NotFound(_("This link is not valid or has expired."))
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )


class InstitutionHealthSerializer(serializers.Serializer):
    code = serializers.CharField()
    connector = serializers.CharField()
    health = serializers.ChoiceField(choices=Health.choices)
    queued = serializers.IntegerField()
    oldest_queued_seconds = serializers.IntegerField()
    delivered_24h = serializers.IntegerField()
    failed_24h = serializers.IntegerField()
    last_success_at = serializers.DateTimeField(allow_null=True)


class InstitutionsView(APIView):
    permission_classes = (allow("integrations.health"),)

    @extend_schema(tags=["integrations"], responses=InstitutionHealthSerializer(many=True))
    def get(self, request):
        return Response(InstitutionHealthSerializer(selectors.operator_view(request.user), many=True).data)


# --- the institutions' pull API ---------------------------------------------------------------
def _officer_institution(user):
    if not restrict(user, "institution.inbox"):
        raise PermissionDenied(_("This API is for institution officers and systems."))
    return user.institution_membership.institution


class SubmittedDocumentSerializer(serializers.Serializer):
    type = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    download_url = serializers.CharField()
    expires_at = serializers.CharField()


class SubmittedCaseSerializer(serializers.Serializer):
    reference = serializers.CharField()
    state = serializers.CharField()
    service = serializers.CharField()
    service_version = serializers.IntegerField()
    submission_number = serializers.IntegerField(allow_null=True)
    idempotency_key = serializers.CharField(allow_null=True)
    form_data = serializers.DictField()
    fee = serializers.DictField()
    sla_due_at = serializers.DateTimeField(allow_null=True)
    documents = SubmittedDocumentSerializer(many=True)


def _submitted_case(case) -> dict:
    from sanad.cases.constants import DocumentRole

    submission = selectors.case_submission(case)
    documents = []
    if submission is not None:
        for document in case.documents.filter(role=DocumentRole.REQUIRED, is_current=True).select_related(
            "document_type"
        ):
            url, expires = document_url(document, submission)
            documents.append(
                {
                    "type": document.document_type.code if document.document_type else "",
                    "name": document.original_name,
                    "content_type": document.content_type,
                    "size": document.size,
                    "sha256": document.sha256,
                    "download_url": url,
                    "expires_at": expires,
                }
            )
    return {
        "reference": case.reference,
        "state": case.state,
        "service": case.service.code,
        "service_version": case.service_version.number,
        "submission_number": submission.number if submission else None,
        "idempotency_key": submission.idempotency_key if submission else None,
        "form_data": case.form_data,
        "fee": case.fee,
        "sla_due_at": case.sla_due_at,
        "documents": documents,
    }


class InstitutionCasesView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["institution"],
        responses=SubmittedCaseSerializer(many=True),
        summary="Cases waiting for your decision",
    )
    def get(self, request):
        _officer_institution(request.user)
        cases = selectors.inbox_cases(request.user, view="waiting")[:200]
        return Response(SubmittedCaseSerializer([_submitted_case(c) for c in cases], many=True).data)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject", "more_info"])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    institution_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    document = serializers.FileField(required=False, allow_empty_file=True)


class CaseStateSerializer(serializers.Serializer):
    reference = serializers.CharField()
    state = serializers.CharField()
    institution_reference = serializers.CharField()


class InstitutionDecisionView(APIView):
    permission_classes = (IsAuthenticated,)
    parser_classes = (SafeMultiPartParser, FormParser, JSONParser)

    @extend_schema(
        tags=["institution"],
        request={"multipart/form-data": DecisionSerializer, "application/json": DecisionSerializer},
        responses=CaseStateSerializer,
        summary="Record your decision on a case (approve with the issued document)",
    )
    def post(self, request, reference: str):
        from sanad.cases.selectors import case_for

        institution = _officer_institution(request.user)
        case = case_for(request.user, reference)  # another institution's case: 404
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        case = services.decision_apply(
            case_id=case.pk,
            institution=institution,
            decision=v["decision"],
            note=v["note"],
            institution_reference=v["institution_reference"],
            document=v.get("document"),
            actor=request.user,
        )
        return Response(
            {
                "reference": case.reference,
                "state": case.state,
                "institution_reference": case.institution_reference,
            }
        )


urlpatterns = [
    path("integrations/callbacks/<str:code>/", CallbackView.as_view(), name="integrations-callback"),
    path("integrations/documents/<str:token>/", DocumentLinkView.as_view(), name="integrations-document"),
    path("integrations/institutions/", InstitutionsView.as_view(), name="integrations-institutions"),
    path("institution/cases/", InstitutionCasesView.as_view(), name="institution-cases"),
    path(
        "institution/cases/<str:reference>/decision/",
        InstitutionDecisionView.as_view(),
        name="institution-decision",
    ),
]


def register(router) -> None:
    pass
