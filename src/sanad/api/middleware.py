"""No input reaches a 500, and nothing under /api/ answers anything but problem+json.

- Bad input that only shows itself deep down (a number too large for the database, nesting that
  exhausts the stack, a body over the size limit) is a 400 / 413 on every page and endpoint.
- Under /api/, any other error response (Django's own 404 for an unknown path, its debug pages,
  a CSRF refusal) is rewritten as problem+json with the same status, in development as in
  production. Unexpected exceptions are logged with their trace and answered as a problem 500.
"""

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.utils.translation import gettext as _

from .errors import PROBLEM_CONTENT_TYPE, problem_response

log = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _bad_input_status(exc) -> tuple[int, str] | None:
    if isinstance(exc, RequestDataTooBig):
        return 413, _("The request body is too large.")
    if isinstance(exc, OverflowError):
        return 400, _("A number in the request is out of range.")
    if isinstance(exc, DataError) and "out of range" in str(exc).lower():
        return 400, _("A number in the request is out of range.")
    if isinstance(exc, RecursionError):
        return 400, _("The request is nested too deeply.")
    if isinstance(exc, SuspiciousOperation):
        return 400, _("The request is not valid.")
    return None


DETAILS = {
    400: lambda: _("The request is not valid."),
    401: lambda: _("Authentication credentials were not provided."),
    403: lambda: _("You do not have permission to do this."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    413: lambda: _("The request body is too large."),
    500: lambda: _("Something went wrong on our side. It has been logged."),
}


class ProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _is_api(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        status = response.status_code
        detail = DETAILS.get(status, DETAILS[400] if status < 500 else DETAILS[500])()
        rewritten = problem_response(request, status, detail)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                rewritten[header] = response[header]
        return rewritten

    def process_exception(self, request, exception):
        known = _bad_input_status(exception)
        if known is not None:
            status, detail = known
            if _is_api(request):
                return problem_response(request, status, detail)
            from sanad.web.views.errors import bad_input

            return bad_input(request, status, detail)
        if _is_api(request):
            log.error("unhandled error on %s", request.path, exc_info=exception)
            return problem_response(request, 500, DETAILS[500]())
        return None
