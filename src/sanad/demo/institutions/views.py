"""The simulated institution's endpoints (404 in production):

- `POST /demo/institutions/<CODE>/`: receives Sanad's signed submission;
- `POST /demo/institutions/<CODE>/control/` (demo admin or regulator): `{"mode": up|down|slow|flaky,
  "decision": approve|reject|more_info|random, "delay_seconds": N}`;
- `GET /demo/institutions/<CODE>/received/`: `[{"reference", "deliveries", "decided"}]`.
"""

import random
import time

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.accounts.constants import Role
from sanad.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from sanad.integrations.signing import verify

from . import services
from .models import DecisionMode, Mode, SimulatedInstitution


def _institution(code: str) -> SimulatedInstitution:
    if settings.PRODUCTION:
        raise Http404
    institution = SimulatedInstitution.objects.filter(code=code.upper()).first()
    if institution is None:
        raise Http404
    return institution


@csrf_exempt
@require_POST
def receive(request, code: str):
    institution = _institution(code)
    if institution.mode == Mode.DOWN:
        return JsonResponse({"error": "service unavailable"}, status=503)
    if institution.mode == Mode.FLAKY and random.random() < 0.5:
        return JsonResponse({"error": "internal error"}, status=500)
    body = request.body
    try:
        webhook_id = verify(secrets=[services.secret()], headers=request.headers, body=body)
    except NotAuthenticated as exc:
        return JsonResponse({"error": exc.message}, status=401)
    if institution.mode == Mode.SLOW:
        time.sleep(settings.SANAD_DEMO_INSTITUTION_SLOW_SECONDS)
    try:
        status, answer = services.receive(
            institution=institution,
            body=body,
            webhook_id=webhook_id,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "not a submission"}, status=400)
    return JsonResponse(answer, status=status)


@require_GET
def status(request, code: str, reference: str):
    """Sanad asks where a submission stands (signed like every message; the body is empty)."""
    institution = _institution(code)
    try:
        verify(secrets=[services.secret()], headers=request.headers, body=b"")
    except NotAuthenticated as exc:
        return JsonResponse({"error": exc.message}, status=401)
    received = institution.received.filter(reference=reference).order_by("-submission_number").first()
    if received is None:
        return JsonResponse({"error": "unknown"}, status=404)
    return JsonResponse(
        {
            "reference": received.institution_reference,
            "decision": received.decision or None,
            "note": services.NOTES.get(received.decision, ""),
        }
    )


class _DemoOperators(APIView):
    permission_classes = (IsAuthenticated,)
    schema = None  # a demo tool, not part of Sanad's API

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.user.role not in (Role.ADMIN, Role.REGULATOR):
            raise PermissionDenied(
                _("Only the demo administrator or the regulator controls the simulated institutions.")
            )


class ControlView(_DemoOperators):
    def post(self, request, code: str):
        institution = _institution(code)
        data = request.data if isinstance(request.data, dict) else {}
        errors = {}
        mode = data.get("mode", institution.mode)
        decision = data.get("decision", institution.decision)
        delay = data.get("delay_seconds", institution.delay_seconds)
        if mode not in Mode.values:
            errors["mode"] = [_("Choose up, down, slow or flaky.")]
        if decision not in DecisionMode.values:
            errors["decision"] = [_("Choose approve, reject, more_info or random.")]
        if isinstance(delay, bool) or not isinstance(delay, int) or not 0 <= delay <= 3600:
            errors["delay_seconds"] = [_("A whole number of seconds from 0 to 3600.")]
        if errors:
            raise ValidationFailed(errors=errors)
        institution.mode, institution.decision, institution.delay_seconds = mode, decision, delay
        institution.save(update_fields=["mode", "decision", "delay_seconds"])
        return Response(_state(institution))

    def get(self, request, code: str):
        return Response(_state(_institution(code)))


class ReceivedView(_DemoOperators):
    def get(self, request, code: str):
        institution = _institution(code)
        return Response(
            [
                {
                    "reference": r.reference,
                    "deliveries": r.deliveries,
                    "decided": r.decided,
                    "submission_number": r.submission_number,
                }
                for r in institution.received.all()
            ]
        )


def _state(institution) -> dict:
    return {
        "code": institution.code,
        "mode": institution.mode,
        "decision": institution.decision,
        "delay_seconds": institution.delay_seconds,
        "received": institution.received.count(),
        "duplicates": institution.duplicates,
    }
