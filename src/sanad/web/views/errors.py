"""Error pages: problem+json under /api/, a translated page everywhere else."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from sanad.api.errors import problem_response


def _page(request, status: int, title: str, message: str):
    return render(
        request, "errors/error.html", {"status": status, "title": title, "message": message}, status=status
    )


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(request, 404, _("Not found."), "not_found")
    return _page(request, 404, _("Page not found"), _("The page you asked for does not exist or was moved."))


def forbidden(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(
            request, 403, _("You do not have permission to do this."), "permission_denied"
        )
    # The gate (sanad.accounts.access) and the services say why; say it too.
    message = str(exception or "") if exception is not None and exception.args else ""
    return _page(
        request, 403, _("Not allowed"), message or _("You do not have permission to open this page.")
    )


def bad_request(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(request, 400, _("The request is not valid."), "bad_request")
    return _page(request, 400, _("Bad request"), _("The request is not valid."))


def bad_input(request, status: int, message: str):
    """A 400 / 413 for input that could not be taken (too large, out of range)."""
    title = _("Request too large") if status == 413 else _("Bad request")
    return _page(request, status, title, message)


def server_error(request):
    if request.path.startswith("/api/"):
        return problem_response(
            request, 500, _("Something went wrong on our side. It has been logged."), "error"
        )
    return render(request, "errors/500.html", status=500)
