"""Sanad's client for the simulated gateway (settings.SANAD_PAYMENT_GATEWAY points here by default).
It calls the gateway's services in-process, where a real client would call the gateway's HTTPS API;
the callback, which carries the money's truth, goes over HTTP to Sanad's endpoint like a real one."""

from django.urls import reverse

from sanad.payments.gateway import GatewayClient, GatewaySession, GatewayStatusReport

from . import services


class DemoGatewayClient(GatewayClient):
    def create_session(self, *, payment, return_url: str, callback_url: str) -> GatewaySession:
        session = services.session_open(
            merchant_reference=str(payment.pk),
            case_reference=payment.case.reference,
            amount=payment.total,
            currency=payment.currency,
            return_url=return_url,
            callback_url=callback_url,
        )
        return GatewaySession(
            reference=session.reference, redirect_url=reverse("demo_gateway:page", args=[session.reference])
        )

    def status(self, reference: str) -> GatewayStatusReport:
        report = services.session_status(reference)
        return GatewayStatusReport(
            status=report["status"],
            amount=report.get("amount"),
            currency=report.get("currency", ""),
            case_reference=report.get("case_reference", ""),
        )

    def refund(self, *, reference: str, amount: int, key: str) -> str:
        services.session_refund(reference=reference, amount=amount, key=key)
        return f"{reference}:refund:{key}"
