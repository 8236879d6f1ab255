"""Domain errors. Services raise these; the API turns them into problem+json with the status below,
and the web layer shows `message` to the user. Messages are translated at raise time."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 422
    code = "invalid"
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, errors: dict | None = None, **extra):
        self.message = str(message or self.default_message)
        self.errors = errors or {}
        self.extra = extra
        super().__init__(self.message)


class BadRequest(DomainError):
    status = 400
    code = "bad_request"
    default_message = _("The request is not valid.")


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"
    default_message = _("Some of the information is not valid.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("This action conflicts with the current state.")


class InvalidTransition(Conflict):
    code = "invalid_transition"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"
    default_message = _("You do not have permission to do this.")


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    default_message = _("The request is not signed or the signature is not valid.")
