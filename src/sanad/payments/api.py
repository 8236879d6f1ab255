"""Payments API: take a payment for a case (Idempotency-Key), read payments, refunds, receipts and
credit notes (JSON, or PDF by `Accept: application/pdf`), the gateway's signed callback, the cash
drawer and its daily close, and settlement (ledger, statements, remittances, national totals)."""

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.accounts.access import require
from sanad.cases.selectors import case_for
from sanad.core.clients import client_address
from sanad.core.errors import ValidationFailed

from . import pdf, selectors, services, statements
from .constants import SIGNATURE_HEADER, PaymentMethod, ReceiptLayout
from .serializers import (
    CallbackAcceptedSerializer,
    CreditNoteSerializer,
    DailyCloseCreateSerializer,
    DailyCloseSerializer,
    DailyTotalsSerializer,
    DrawerSerializer,
    LedgerSerializer,
    PaymentCreateSerializer,
    PaymentSerializer,
    ReceiptSerializer,
    RefundCreateSerializer,
    RefundSerializer,
    RemittanceSerializer,
    StatementQuerySerializer,
)

TAGS = ["payments"]
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A retry with the same key returns the first payment instead of taking the money twice.",
)
LAYOUT = OpenApiParameter(
    "layout", OpenApiTypes.STR, enum=ReceiptLayout.values, description="PDF layout (default a4)"
)
PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description="YYYY-MM (default: this month)")
DAY = OpenApiParameter("day", OpenApiTypes.DATE, description="YYYY-MM-DD (default: today, Asia/Muscat)")


class PDFRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PDFOrJSONView(APIView):
    """JSON by default; the PDF with `Accept: application/pdf`. Errors are always problem+json."""

    permission_classes = (IsAuthenticated,)
    renderer_classes = (renderers.JSONRenderer, PDFRenderer)

    def handle_exception(self, exc):
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)

    def respond(self, request, document, serializer_class, render_pdf, filename):
        if request.accepted_renderer.format == "pdf":
            layout = request.query_params.get("layout", ReceiptLayout.A4)
            layout = layout if layout in ReceiptLayout.values else ReceiptLayout.A4
            copy = services.document_print(document=document, layout=layout, actor=request.user)
            response = Response(render_pdf(document, layout=layout, copy=copy, request=request))
            response["Content-Disposition"] = f'inline; filename="{filename}-{layout}.pdf"'
            return response
        return Response(serializer_class(document, context={"request": request}).data)


# --- payments ---------------------------------------------------------------------------------------
class CasePaymentsView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=TAGS, summary="A case's payments", responses=PaymentSerializer(many=True))
    def get(self, request, reference):
        case = case_for(request.user, reference)
        payments = selectors.case_payments(case)
        return Response(PaymentSerializer(payments, many=True, context={"request": request}).data)

    @extend_schema(
        tags=TAGS,
        summary="Take a payment for a case",
        description=(
            "`cash` and `card_terminal` (with the terminal's `approval_reference`) are taken by the centre's staff "
            "and succeed at once with a receipt. `online` is started by the citizen: send their browser to "
            "`redirect_url`; the payment succeeds only when the gateway confirms it. `amount` must equal what "
            "is still due (baisa)."
        ),
        request=PaymentCreateSerializer,
        responses={201: PaymentSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request, reference):
        from django.urls import reverse

        case = case_for(request.user, reference)
        data = PaymentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        online = v["method"] == PaymentMethod.ONLINE
        payment = services.payment_create(
            case=case,
            actor=request.user,
            method=v["method"],
            amount=v["amount"],
            approval_reference=v["approval_reference"],
            idempotency_key=request.headers.get("Idempotency-Key", "").strip()[:200] or None,
            return_url=request.build_absolute_uri(reverse("payments:online-return", args=[case.reference]))
            if online
            else "",
            callback_url=request.build_absolute_uri(reverse("api:payment-gateway-callback"))
            if online
            else "",
        )
        payment = selectors.payments_visible_to(request.user).get(pk=payment.pk)
        return Response(
            PaymentSerializer(payment, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="Payments the caller may see"),
    retrieve=extend_schema(tags=TAGS, summary="One payment"),
)
class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PaymentSerializer
    permission_classes = (IsAuthenticated,)
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (
            selectors.payments_visible_to(self.request.user)
            .prefetch_related("refunds")
            .order_by("-created_at", "-pk")
        )

    def get_object(self):
        return selectors.payment_for(self.request.user, self.kwargs["pk"])

    @extend_schema(
        tags=TAGS, methods=["GET"], summary="Refunds of a payment", responses=RefundSerializer(many=True)
    )
    @extend_schema(
        tags=TAGS,
        methods=["POST"],
        summary="Refund part or all of a payment (manager or owner)",
        request=RefundCreateSerializer,
        responses={201: RefundSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def refunds(self, request, pk=None):
        payment = self.get_object()
        if request.method == "GET":
            return Response(RefundSerializer(payment.refunds.select_related("credit_note"), many=True).data)
        data = RefundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        refund = services.refund_create(payment_id=payment.pk, actor=request.user, **data.validated_data)
        return Response(RefundSerializer(refund).data, status=status.HTTP_201_CREATED)


class RefundHandBackView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        summary="Record that a cash refund was handed back",
        request=None,
        responses=RefundSerializer,
    )
    def post(self, request, refund_id):
        refund = services.refund_pay_out(refund_id=refund_id, actor=request.user)
        return Response(RefundSerializer(refund).data)


class GatewayCallbackView(APIView):
    """The payment gateway's server-to-server callback. No session or token: the body's HMAC-SHA256
    signature (`X-Sanad-Signature: sha256=<hex>`) under the shared secret is the authentication."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        tags=TAGS,
        summary="Gateway callback (signed)",
        request={"application/json": OpenApiTypes.OBJECT},
        parameters=[
            OpenApiParameter(SIGNATURE_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True)
        ],
        responses={
            200: CallbackAcceptedSerializer,
            400: OpenApiResponse(description="malformed"),
            403: OpenApiResponse(description="bad signature"),
            404: OpenApiResponse(description="unknown payment"),
            409: OpenApiResponse(description="duplicate or replayed: nothing changed"),
            422: OpenApiResponse(description="amount, currency or case does not match"),
        },
        auth=[],
    )
    def post(self, request):
        payment = services.gateway_callback_receive(
            body=request.body,
            signature=request.headers.get(SIGNATURE_HEADER, ""),
            remote_addr=client_address(request),
        )
        return Response({"status": "accepted", "payment": payment.pk, "state": payment.state})


# --- receipts and credit notes ----------------------------------------------------------------------
class ReceiptView(PDFOrJSONView):
    @extend_schema(
        tags=TAGS,
        summary="A receipt (JSON, or the PDF with Accept: application/pdf)",
        parameters=[LAYOUT],
        responses={
            (200, "application/json"): ReceiptSerializer,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, number):
        receipt = selectors.receipt_for(request.user, number)
        return self.respond(request, receipt, ReceiptSerializer, pdf.receipt_pdf, f"receipt-{receipt.number}")


class CreditNoteView(PDFOrJSONView):
    @extend_schema(
        tags=TAGS,
        summary="A credit note (JSON, or the PDF with Accept: application/pdf)",
        parameters=[LAYOUT],
        responses={
            (200, "application/json"): CreditNoteSerializer,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, number):
        note = selectors.credit_note_for(request.user, number)
        return self.respond(
            request, note, CreditNoteSerializer, pdf.credit_note_pdf, f"credit-note-{note.number}"
        )


# --- the cash drawer --------------------------------------------------------------------------------
class DrawerView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS, summary="My cash drawer for a day", parameters=[DAY], responses=DrawerSerializer
    )
    def get(self, request):
        centre = selectors.staff_centre(request.user)
        drawer = selectors.drawer(request.user, selectors.parse_day(request.query_params.get("day")))
        return Response(DrawerSerializer({**drawer, "centre": centre.pk}).data)


class DailyCloseView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        summary="Daily closes (mine; the manager sees the centre's)",
        responses=DailyCloseSerializer(many=True),
    )
    def get(self, request):
        closes = selectors.daily_closes_visible_to(request.user)[:200]
        return Response(DailyCloseSerializer(closes, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Close my cash drawer for the day",
        request=DailyCloseCreateSerializer,
        responses={201: DailyCloseSerializer},
    )
    def post(self, request):
        data = DailyCloseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        close = services.daily_close_create(actor=request.user, **data.validated_data)
        return Response(DailyCloseSerializer(close).data, status=status.HTTP_201_CREATED)


class DailyTotalsView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        summary="A day's totals per staff member and method (manager)",
        parameters=[DAY],
        responses=DailyTotalsSerializer,
    )
    def get(self, request):
        centre = selectors.managed_centre(request.user)
        totals = selectors.daily_totals(centre, selectors.parse_day(request.query_params.get("day")))
        methods = [m for m, _label in totals["methods"]]
        rows = [
            {
                "staff": row["person"].username if row["person"] else None,
                "methods": [{"method": m, **cell} for m, cell in zip(methods, row["cells"], strict=True)],
                "total": row["total"],
                "refunded": row["refunded"],
                "closed": row["close"] is not None,
                "difference": row["close"].difference if row["close"] else None,
            }
            for row in totals["rows"]
        ]
        return Response(
            {"day": totals["day"].isoformat(), "rows": rows, "grand_total": totals["grand_total"]}
        )


# --- settlement ------------------------------------------------------------------------------------
def _ledger_response(rows, period, centre_id):
    return Response(
        LedgerSerializer(
            {
                "period": f"{period:%Y-%m}",
                "centre": centre_id,
                "rows": rows,
                "totals": selectors.ledger_totals(rows),
            }
        ).data
    )


class LedgerView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        summary="The centre's government fees per institution for a month (manager)",
        parameters=[PERIOD],
        responses=LedgerSerializer,
    )
    def get(self, request):
        centre = selectors.managed_centre(request.user)
        period = selectors.parse_period(request.query_params.get("period"))
        return _ledger_response(selectors.ledger(period=period, centre=centre), period, centre.pk)


class NationalLedgerView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        summary="National totals of government fees per institution (regulator)",
        parameters=[PERIOD],
        responses=LedgerSerializer,
    )
    def get(self, request):
        require(request.user, "settlement.national")
        period = selectors.parse_period(request.query_params.get("period"))
        return _ledger_response(selectors.ledger(period=period), period, None)


class StatementView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        summary="Settlement statement for one institution and month (CSV, XLSX or PDF)",
        parameters=[StatementQuerySerializer],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        from sanad.catalogue.models import Institution

        centre = selectors.managed_centre(request.user)
        query = StatementQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        institution = Institution.objects.filter(code=q["institution"]).first()
        if institution is None:
            raise ValidationFailed(errors={"institution": [_("Unknown institution.")]})
        data = statements.statement(
            centre=centre, institution=institution, period=selectors.parse_period(q["period"])
        )
        response = HttpResponse(
            statements.render(data, q["file_format"]), content_type=statements.CONTENT_TYPES[q["file_format"]]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{statements.filename(data, q["file_format"])}"'
        )
        return response


class RemittanceView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        summary="Remittances recorded by the centre (manager)",
        parameters=[PERIOD],
        responses=RemittanceSerializer(many=True),
    )
    def get(self, request):
        centre = selectors.managed_centre(request.user)
        period = request.query_params.get("period")
        rows = selectors.remittances_of(
            centre=centre, period=selectors.parse_period(period) if period else None
        )
        return Response(RemittanceSerializer(rows[:500], many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Record a remittance to an institution (manager)",
        request=RemittanceSerializer,
        responses={201: RemittanceSerializer},
    )
    def post(self, request):
        data = RemittanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        remittance = services.remittance_record(actor=request.user, **data.validated_data)
        return Response(RemittanceSerializer(remittance).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("payments", PaymentViewSet, basename="payment")


urlpatterns = [
    path("cases/<str:reference>/payments/", CasePaymentsView.as_view(), name="case-payments"),
    path("payments/gateway/callback/", GatewayCallbackView.as_view(), name="payment-gateway-callback"),
    path("refunds/<int:refund_id>/hand-back/", RefundHandBackView.as_view(), name="refund-hand-back"),
    path("receipts/<str:number>/", ReceiptView.as_view(), name="receipt"),
    path("credit-notes/<str:number>/", CreditNoteView.as_view(), name="credit-note"),
    path("cash/drawer/", DrawerView.as_view(), name="cash-drawer"),
    path("cash/closes/", DailyCloseView.as_view(), name="cash-closes"),
    path("cash/totals/", DailyTotalsView.as_view(), name="cash-totals"),
    path("settlement/ledger/", LedgerView.as_view(), name="settlement-ledger"),
    path("settlement/national/", NationalLedgerView.as_view(), name="settlement-national"),
    path("settlement/statement/", StatementView.as_view(), name="settlement-statement"),
    path("settlement/remittances/", RemittanceView.as_view(), name="settlement-remittances"),
]
