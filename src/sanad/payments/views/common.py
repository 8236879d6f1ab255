"""Shared by the payments pages: a domain error becomes the 404/403 page (not yours, not allowed) or
a message on the same page, the same translated text the API gives."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from sanad.core.errors import DomainError, NotFound, PermissionDenied
from sanad.core.money import parse_omr


def attempt(request, func, **kwargs):
    """(result, None), or (None, error) after showing the error's message."""
    try:
        return func(**kwargs), None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, " ".join([exc.message, *_details(exc)]))
        return None, exc


def _details(error) -> list[str]:
    out = []
    for value in error.errors.values():
        for message in value if isinstance(value, list) else [value]:
            if str(message) != error.message:
                out.append(str(message))
    return out


def visible(func, *args, **kwargs):
    """A selector that raises NotFound (or a bad reference) → the 404 page."""
    try:
        return func(*args, **kwargs)
    except DomainError as exc:
        raise Http404(exc.message) from exc


def baisa(text: str, default=None):
    """'12.345' → 12345; anything else is returned as given so the service explains what is wrong."""
    if text is None or str(text).strip() == "":
        return default
    try:
        return parse_omr(str(text))
    except ValueError:
        return str(text)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
