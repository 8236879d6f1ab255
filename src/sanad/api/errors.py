"""Every API error is `application/problem+json` (RFC 9457), translated by Accept-Language."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from sanad.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: lambda: _("Bad request"),
    401: lambda: _("Authentication required"),
    403: lambda: _("Forbidden"),
    404: lambda: _("Not found"),
    405: lambda: _("Method not allowed"),
    406: lambda: _("Not acceptable"),
    409: lambda: _("Conflict"),
    413: lambda: _("Payload too large"),
    415: lambda: _("Unsupported media type"),
    422: lambda: _("Unprocessable content"),
    429: lambda: _("Too many requests"),
    500: lambda: _("Internal server error"),
    503: lambda: _("Service unavailable"),
}


def problem(
    status_code: int, detail: str, *, code: str = "", errors=None, instance: str = "", **extra
) -> dict:
    title = TITLES.get(status_code, lambda: _("Error"))()
    body = {
        "type": f"https://sanad.om/problems/{code or status_code}",
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def _flatten(detail):
    """DRF error detail → plain JSON (lists of strings per field)."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _errors_as_json(request) -> None:
    """A view that answers a file or a PDF still answers its errors as problem+json."""
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is not None and getattr(renderer, "render_style", "text") == "binary":
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/json"


def problem_exception_handler(exc, context):
    request = context.get("request")
    _errors_as_json(request)
    instance = request.path if request is not None else ""
    if isinstance(exc, DomainError):
        body = problem(
            exc.status, exc.message, code=exc.code, errors=exc.errors, instance=instance, **exc.extra
        )
        return Response(body, status=exc.status, content_type=PROBLEM_CONTENT_TYPE)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: logged by Django, answered as 500

    code = response.status_code
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        detail = _("Some of the information is not valid.")
        if code == 400 and _is_filter_error(context):
            detail = _("A filter in the query string is not valid.")
    elif isinstance(exc, exceptions.ParseError):
        detail = _("The request body is not valid JSON.")
    elif isinstance(exc, exceptions.NotAuthenticated):
        detail = _("Authentication credentials were not provided.")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        detail = str(exc.detail) if _is_token_view(context) else _("The token is not valid.")
    elif isinstance(exc, exceptions.Throttled):
        detail = _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": exc.wait or 1}
    else:
        detail = _flatten(exc.detail) if hasattr(exc, "detail") else str(exc)
        if not isinstance(detail, str):
            errors, detail = detail, _("The request could not be completed.")
    body = problem(code, detail, code=getattr(exc, "default_code", ""), errors=errors, instance=instance)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _is_filter_error(context) -> bool:
    request = context.get("request")
    return request is not None and request.method in ("GET", "HEAD")


def _is_token_view(context) -> bool:
    view = context.get("view")
    return view is not None and view.__class__.__name__ == "TokenView"


def problem_response(request, status_code: int, detail: str, code: str = "") -> JsonResponse:
    return JsonResponse(
        problem(status_code, detail, code=code, instance=request.path),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt  # an unknown address is a 404 for any method, not a CSRF refusal (403) for a POST
def api_not_found(request, exception=None):
    return problem_response(request, status.HTTP_404_NOT_FOUND, _("Not found."), "not_found")


def api_server_error(request):
    return problem_response(request, 500, _("Something went wrong on our side. It has been logged."), "error")
