"""Shared by the centres pages: domain errors become a 403/404 page or a message on the same page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from sanad.core.errors import DomainError, NotFound, PermissionDenied


def attempt(request, func, *, flash: bool = False, **kwargs):
    """Call a service. Returns (result, None), or (None, error) for the page to show (flash=True: as
    a message, for views that redirect). Not yours / not allowed are the 404 and 403 pages, as in
    the API."""
    try:
        return func(**kwargs), None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        if flash:
            messages.error(request, exc.message)
        return None, exc


def field_errors(error) -> list[str]:
    """Every field message of a ValidationFailed, flattened, without repeating the main message."""
    if error is None:
        return []
    seen, out = {error.message}, []
    for messages_ in error.errors.values():
        for message in messages_ if isinstance(messages_, list) else [messages_]:
            if message not in seen:
                seen.add(message)
                out.append(str(message))
    return out
