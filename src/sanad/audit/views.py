"""The regulator's audit trail page (search and CSV export)."""

import csv
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sanad.core.errors import ValidationFailed

from . import selectors

FIELDS = ("object", "person", "centre", "from", "to")
EXPORT_COLUMNS = (
    "id", "at", "actor", "role", "actor_org", "channel", "client", "user_agent",
    "operation", "object", "changes", "note", "prev_hash", "hash",
)  # fmt: skip


def _search(request):
    q = {name: request.GET.get(name, "").strip()[:120] for name in FIELDS}
    entries = selectors.trail_search(
        request.user, object=q["object"], person=q["person"], centre=q["centre"], start=q["from"], end=q["to"]
    )
    return q, entries


def _forbidden(request):
    return render(
        request,
        "errors/error.html",
        {
            "status": 403,
            "title": _("Not allowed"),
            "message": _("Only the regulator can search the audit trail."),
        },
        status=403,
    )


@login_required
def trail(request):
    if not selectors.may_search_trail(request.user):
        return _forbidden(request)
    error, errors = None, {}
    try:
        q, entries = _search(request)
    except ValidationFailed as exc:
        q = {name: request.GET.get(name, "").strip()[:120] for name in FIELDS}
        entries, error, errors = selectors.trail_search(request.user).none(), exc.message, exc.errors
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in q.items() if v})
    return render(
        request,
        "audit/trail.html",
        {"page": page, "q": q, "query": query, "error": error, "errors": errors},
        status=422 if error else 200,
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def trail_export(request):
    """The search as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Arabic)."""
    if not selectors.may_search_trail(request.user):
        return _forbidden(request)
    try:
        _q, entries = _search(request)
    except ValidationFailed as exc:
        return render(
            request,
            "errors/error.html",
            {"status": 400, "title": _("Bad request"), "message": exc.message},
            status=400,
        )
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
        for entry in entries.iterator(chunk_size=1000):
            yield writer.writerow(
                [getattr(entry, c) if c != "at" else entry.at.isoformat() for c in EXPORT_COLUMNS]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sanad-audit.csv"'
    return response
