"""Public pages: rating from the SMS link (no sign-in), the published quality formula, and the one
door to a complaint's attachments (signed in, for whoever may see the complaint)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sanad.core.errors import Conflict, DomainError, NotFound

from .. import formula as formulas
from ..services import ratings
from .common import error_details, load_complaint, reference_view

SCORE_FIELDS = ("overall", "speed", "courtesy", "fee_clarity")


@require_http_methods(["GET", "POST"])
def rate_by_link(request, token: str):
    context = {"token": token, "fields": SCORE_FIELDS, "posted": {}, "error": None}
    try:
        invitation = ratings.invitation_for_token(token)
    except NotFound as exc:
        return render(request, "feedback/rate_link.html", {**context, "dead": exc.message}, status=404)
    except Conflict as exc:
        return render(request, "feedback/rate_link.html", {**context, "dead": exc.message}, status=409)
    context["case"] = invitation.case
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in (*SCORE_FIELDS, "comment")}
        try:
            ratings.rating_submit_by_token(token=token, data=data)
        except DomainError as exc:
            context.update(
                {
                    "error": exc,
                    "error_details": error_details(exc),
                    "field_errors": exc.errors,
                    "posted": data,
                }
            )
            return render(request, "feedback/rate_link.html", context, status=exc.status)
        return render(request, "feedback/rate_thanks.html", {"case": invitation.case})
    return render(request, "feedback/rate_link.html", context)


def formula_page(request):
    return render(
        request,
        "feedback/formula.html",
        {
            "formulas": [formulas.FORMULAS[v] for v in sorted(formulas.FORMULAS, reverse=True)],
            "current": formulas.current(),
        },
    )


@reference_view
def attachment_download(request, reference: str, attachment_id: int):
    if not request.user.is_authenticated:
        raise Http404
    complaint = load_complaint(request, reference)
    attachment = complaint.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
