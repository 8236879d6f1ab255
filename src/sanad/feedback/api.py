"""Ratings, complaints and quality index API (routed by sanad/api/urls.py): rating a case, the
complaints (file, list, read, act) and the quality ranking. The centre's own quality is in
`GET /api/v1/centres/{id}/` (centres serializers ask selectors.centre_quality)."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.api.parsers import SafeMultiPartParser
from sanad.core.errors import PermissionDenied, ValidationFailed

from . import selectors, services, workflow
from .constants import ComplaintAction, ComplaintKind, ComplaintState, RatingChannel
from .models import Complaint, Rating

TAGS = ["feedback"]


class RatingInput(serializers.Serializer):
    # Scores are checked by the service (one clear, translated message per score).
    overall = serializers.JSONField(help_text="1–5")
    speed = serializers.JSONField(help_text="1–5")
    courtesy = serializers.JSONField(help_text="1–5")
    fee_clarity = serializers.JSONField(help_text="1–5")
    comment = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)


class RatingOut(serializers.Serializer):
    case = serializers.CharField(source="case.reference")
    overall = serializers.IntegerField()
    speed = serializers.IntegerField()
    courtesy = serializers.IntegerField()
    fee_clarity = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class CaseRatingView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS, request=RatingInput, responses={201: RatingOut}, summary="Rate a completed case"
    )
    def post(self, request, reference: str):
        data = request.data if hasattr(request.data, "get") else {}
        rating = services.rating_create(
            actor=request.user,
            reference=reference,
            data={k: data.get(k) for k in ("overall", "speed", "courtesy", "fee_clarity", "comment")},
            channel=RatingChannel.API,
        )
        return Response(RatingOut(rating).data, status=status.HTTP_201_CREATED)


class ModeratedRatingOut(serializers.Serializer):
    """A rating as the regulator moderates it: the comment, its centre and case, and (when hidden)
    who hid it, when and why."""

    id = serializers.IntegerField()
    case = serializers.CharField(source="case.reference")
    centre = serializers.IntegerField(source="centre_id")
    centre_name_ar = serializers.CharField(source="centre.name_ar")
    overall = serializers.IntegerField()
    speed = serializers.IntegerField()
    courtesy = serializers.IntegerField()
    fee_clarity = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()
    hidden = serializers.BooleanField(source="is_hidden")
    hidden_at = serializers.DateTimeField(allow_null=True)
    hidden_by = serializers.CharField(source="hidden_by.username", allow_null=True, default=None)
    hidden_reason = serializers.CharField()


class RatingHideInput(serializers.Serializer):
    # Checked by the service (a clear, translated message when it is empty).
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RatingListParams(serializers.Serializer):
    hidden = serializers.BooleanField(required=False, allow_null=True, default=None)
    low = serializers.BooleanField(required=False, default=False, help_text="only overall scores of 1 or 2")


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        parameters=[RatingListParams],
        summary="Rated comments, for moderation (the regulator)",
    ),
)
class RatingModerationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The regulator's moderation of comments, as on its web page: list the comments, hide an
    abusive one (hidden, never deleted, with who and why; the change is in the audit trail)."""

    serializer_class = ModeratedRatingOut
    permission_classes = (IsAuthenticated,)
    queryset = Rating.objects.none()

    def _check_moderator(self):
        from django.utils.translation import gettext as _

        if not selectors.can_moderate(self.request.user):
            raise PermissionDenied(_("Only the regulator can moderate comments."))

    def get_queryset(self):
        self._check_moderator()
        params = RatingListParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.ratings_for_regulator(self.request.user)
        hidden = params.validated_data["hidden"]
        if hidden is not None:
            qs = qs.filter(hidden_at__isnull=not hidden)
        if params.validated_data["low"]:
            qs = qs.filter(overall__lte=2)
        return qs.order_by("-created_at", "-pk")

    @extend_schema(
        tags=TAGS,
        request=RatingHideInput,
        responses={200: ModeratedRatingOut},
        summary="Hide an abusive comment (the regulator)",
    )
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        self._check_moderator()
        data = RatingHideInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            rating_id = int(pk)
        except (TypeError, ValueError):
            rating_id = 0
        rating = services.rating_hide(
            rating_id=rating_id, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(ModeratedRatingOut(rating).data)


class ComplaintEventOut(serializers.Serializer):
    action = serializers.CharField()
    action_label = serializers.CharField(source="get_action_display")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")


class ComplaintOut(serializers.Serializer):
    reference = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    case = serializers.CharField(source="case.reference", allow_null=True, default=None)
    centre = serializers.IntegerField(source="centre_id")
    centre_name_ar = serializers.CharField(source="centre.name_ar")
    due_at = serializers.DateTimeField(allow_null=True)
    escalations = serializers.IntegerField()
    centre_response = serializers.CharField()
    centre_response_due_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    attachments = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    def get_attachments(self, complaint) -> list[dict]:
        return [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in complaint.attachments.all()
        ]

    def get_allowed_actions(self, complaint) -> list[str]:
        user = self.context["request"].user
        kinds = services.complaints.actor_kinds(complaint, user)
        return [s.action for s in workflow.actions_for(complaint.state, kinds)]


class ComplaintDetailOut(ComplaintOut):
    events = serializers.SerializerMethodField()

    def get_events(self, complaint) -> ComplaintEventOut(many=True):
        return ComplaintEventOut(selectors.complaint_timeline(complaint), many=True).data


class ComplaintCreated(serializers.Serializer):
    reference = serializers.CharField()
    state = serializers.CharField()


class ComplaintInput(serializers.Serializer):
    case = serializers.CharField(required=False, allow_blank=True, default="", help_text="a case reference")
    centre = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="optional when the case is given"
    )
    kind = serializers.ChoiceField(choices=ComplaintKind.choices)
    text = serializers.CharField(max_length=4000, allow_blank=True, trim_whitespace=True)
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False, default=list
    )


class ComplaintTransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(a, ComplaintAction(a).label) for a in workflow.PERSON_ACTIONS])
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Complaints the caller may see",
        parameters=[OpenApiParameter("state", str, enum=ComplaintState.values)],
    ),
    retrieve=extend_schema(tags=TAGS, summary="One complaint by its reference", responses=ComplaintDetailOut),
)
class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ComplaintOut
    permission_classes = (IsAuthenticated,)
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"
    parser_classes = (JSONParser, SafeMultiPartParser, FormParser)
    queryset = Complaint.objects.none()

    def get_queryset(self):
        qs = selectors.complaints_visible_to(self.request.user).prefetch_related("attachments")
        state = self.request.query_params.get("state")
        if state:
            if state not in ComplaintState.values:
                raise ValidationFailed(errors={"state": [_unknown_state()]})
            qs = qs.filter(state=state)
        return qs.order_by("-created_at", "-pk")

    def get_object(self) -> Complaint:
        return selectors.complaint_for(self.request.user, self.kwargs["reference"])

    def retrieve(self, request, *args, **kwargs):
        return Response(ComplaintDetailOut(self.get_object(), context={"request": request}).data)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": ComplaintInput, "application/json": ComplaintInput},
        responses={201: ComplaintCreated},
        summary="File a complaint (about one of your cases, or a centre)",
    )
    def create(self, request):
        data = ComplaintInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        files = request.FILES.getlist("attachments") if hasattr(request.FILES, "getlist") else []
        complaint = services.complaint_file(
            actor=request.user,
            kind=v["kind"],
            text=v["text"],
            case_reference=v["case"],
            centre_id=v["centre"] or None,
            files=files,
        )
        return Response(
            {"reference": complaint.reference, "state": complaint.state}, status=status.HTTP_201_CREATED
        )

    @extend_schema(tags=TAGS, request=ComplaintTransitionInput, responses=ComplaintDetailOut)
    @action(detail=True, methods=["post"])
    def transitions(self, request, reference=None):
        complaint = self.get_object()
        data = ComplaintTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = services.complaint_transition(
            complaint_id=complaint.pk, actor=request.user, **data.validated_data
        )
        return Response(ComplaintDetailOut(complaint, context={"request": request}).data)


def _unknown_state() -> str:
    from django.utils.translation import gettext as _

    return _("Unknown state.")


class QualityParams(serializers.Serializer):
    governorate = serializers.CharField(required=False, allow_blank=True, default="")
    wilayat = serializers.CharField(required=False, allow_blank=True, default="")


class QualityRow(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    rank_in_wilayat = serializers.IntegerField(source="rank_wilayat", allow_null=True)
    rank_in_governorate = serializers.IntegerField(source="rank_governorate", allow_null=True)
    centre = serializers.IntegerField(source="centre_id")
    name_ar = serializers.CharField(source="centre.name_ar")
    name_en = serializers.CharField(source="centre.name_en")
    governorate = serializers.CharField(source="centre.wilayat.governorate.code")
    wilayat = serializers.CharField(source="centre.wilayat.code")
    index = serializers.FloatField(allow_null=True)
    grade = serializers.CharField(allow_blank=True)
    cases = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)
    components = serializers.JSONField()


class QualityRanking(serializers.Serializer):
    period = serializers.CharField(allow_null=True)
    formula_version = serializers.IntegerField()
    results = QualityRow(many=True)


class QualityRankingView(APIView):
    """Centres ranked by the quality index of the latest computed month, within a governorate or a
    wilayat (or the whole network). Public, like the index on each centre's page."""

    permission_classes = (AllowAny,)

    @extend_schema(
        tags=TAGS,
        parameters=[QualityParams],
        responses=QualityRanking,
        summary="Centres ranked by the quality index",
    )
    def get(self, request):
        from django.utils.translation import gettext as _

        from sanad.geo.models import Governorate, Wilayat

        from .formula import CURRENT_VERSION

        params = QualityParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        governorate, wilayat = params.validated_data["governorate"], params.validated_data["wilayat"]
        if governorate and not Governorate.objects.filter(code=governorate).exists():
            raise ValidationFailed(errors={"governorate": [_("Unknown governorate.")]})
        if wilayat and not Wilayat.objects.filter(code=wilayat).exists():
            raise ValidationFailed(errors={"wilayat": [_("Unknown wilayat.")]})
        ranking = selectors.quality_ranking(governorate=governorate, wilayat=wilayat)
        period = ranking["period"]
        return Response(
            {
                "period": period.strftime("%Y-%m") if period else None,
                "formula_version": CURRENT_VERSION,
                "results": QualityRow(ranking["rows"], many=True).data,
            }
        )


def register(router) -> None:
    router.register("complaints", ComplaintViewSet, basename="complaint")
    router.register("ratings", RatingModerationViewSet, basename="rating")


urlpatterns = [
    path("cases/<str:reference>/rating/", CaseRatingView.as_view(), name="case-rating"),
    path("stats/quality/", QualityRankingView.as_view(), name="stats-quality"),
]
