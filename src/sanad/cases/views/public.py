"""Public tracking (/track/, no sign-in) and the one door to a case's files (signed in, and only
for someone who may see the case)."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sanad.audit.services import audit_document_downloaded
from sanad.core.clients import client_address
from sanad.core.errors import BadRequest, NotFound

from .. import tracking
from ..reference import parse_reference
from .common import STATE_CLASS, STATE_ICON, load_case, reference_view

# At most this many tracking attempts per address in the window (guessing pairs must not pay).
TRACK_LIMIT = 10
TRACK_WINDOW_SECONDS = 10 * 60


def _over_limit(request) -> bool:
    """Count this attempt; True once the address has used up its tries in the window."""
    key = f"cases:track:{client_address(request)}"
    if cache.add(key, 1, TRACK_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, TRACK_WINDOW_SECONDS)
        return False
    return count > TRACK_LIMIT


def track(request):
    """Reference + the last four digits of the civil number → the status timeline. A wrong pair
    gets exactly the answer an unknown reference gets."""
    context = {"reference": "", "suffix": "", "result": None, "error": "", "field_errors": {}}
    if request.method != "POST":
        return render(request, "cases/public/track.html", context)
    reference = request.POST.get("reference", "").strip()[:40]
    suffix = request.POST.get("civil_suffix", "").strip()[:8]
    context.update({"reference": reference, "suffix": suffix})
    if _over_limit(request):
        context["error"] = _("Too many attempts from this connection. Wait ten minutes and try again.")
        context["limited"] = True
        return render(request, "cases/public/track.html", context, status=429)
    errors = {}
    if not reference:
        errors["reference"] = _("Enter the transaction reference, e.g. SND-2026-0012345-7.")
    else:
        try:
            parse_reference(reference)  # a typing mistake is said as such; it reveals nothing
        except BadRequest as exc:
            errors["reference"] = exc.message
    if not suffix:
        errors["civil_suffix"] = _("Enter the last four digits of the civil number.")
    if errors:
        context.update({"error": _("Check the highlighted fields."), "field_errors": errors})
        return render(request, "cases/public/track.html", context, status=400)
    try:
        case = tracking.track(reference=reference, civil_suffix=suffix)
    except NotFound as exc:
        context["error"] = exc.message
        return render(request, "cases/public/track.html", context, status=404)
    view = tracking.public_view(case)
    view["state_class"] = STATE_CLASS.get(case.state, "")
    view["state_icon"] = STATE_ICON.get(case.state, "circle")
    view["service_name"] = case.service_version.name
    view["centre_name"] = case.centre.name
    for item, event in zip(view["timeline"], case.events.order_by("created_at", "pk"), strict=False):
        item["when"] = event.created_at
        item["state_class"] = STATE_CLASS.get(event.to_state, "")
    context.update({"result": view, "case": case, "reference": case.reference, "suffix": ""})
    return render(request, "cases/public/track.html", context)


@login_required
@reference_view
@require_GET
def document_download(request, reference: str, document_id: int):
    """A case's file, only for someone who may see the case (its centre's staff, its citizen, the
    institution once it reached them, the regulator); private storage, never a public URL."""
    case = load_case(request, reference)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404(_("Document not found."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Document not found.")) from None
    audit_document_downloaded(case=case, document=document)
    return FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
