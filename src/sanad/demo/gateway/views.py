"""The hosted payment page and the status API of the simulated gateway (not served in production)."""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sanad.core.money import format_omr
from sanad.payments.constants import SIGNATURE_HEADER
from sanad.payments.gateway import sign

from . import services
from .constants import Mode, SessionStatus
from .models import GatewaySession


def _demo_only():
    if settings.PRODUCTION:
        raise Http404


@require_http_methods(["GET", "POST"])
def page(request, reference):
    _demo_only()
    session = get_object_or_404(GatewaySession, reference=reference)
    if request.method == "POST" and session.status == SessionStatus.PENDING:
        action = "cancel" if request.POST.get("action") == "cancel" else "pay"
        session = services.session_complete(reference=reference, action=action, mode=request.POST.get("mode"))
        if session.mode == Mode.TIMEOUT and action == "pay":
            # The payer waits, gives up, and comes back to the merchant without any answer.
            return render(request, "gateway/page.html", _context(session, request), status=200)
        return HttpResponseRedirect(session.return_url)
    return render(request, "gateway/page.html", _context(session, request))


def _context(session, request) -> dict:
    mode = request.GET.get("mode") or services.default_mode()
    return {
        "session": session,
        "amount": format_omr(session.amount),
        "modes": Mode.choices,
        "mode": mode if mode in Mode.values else Mode.SUCCEED,
        "timed_out": session.mode == Mode.TIMEOUT and session.status == SessionStatus.SUCCEEDED,
        "pending": session.status == SessionStatus.PENDING,
    }


@csrf_exempt
@require_GET
def status_api(request, reference):
    """Server-to-server: `X-Sanad-Signature: sha256=<HMAC of the reference>` proves the caller is the merchant."""
    _demo_only()
    expected = sign(reference.encode())
    if not hmac.compare_digest(expected, request.headers.get(SIGNATURE_HEADER, "")):
        return JsonResponse({"error": "bad signature"}, status=403)
    return JsonResponse(services.session_status(reference))
