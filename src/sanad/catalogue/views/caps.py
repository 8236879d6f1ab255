"""The regulator's centre fee caps: every published service with its cap, and changing one (a new
version, with who and why)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sanad.accounts.access import gate
from sanad.core.errors import DomainError

from .. import selectors, services
from ..forms import CapForm, ServiceSearchForm, rials


@gate("caps.set")
def cap_list(request):
    form = ServiceSearchForm(request.GET or None)
    results = selectors.services_for_caps()
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            results = selectors.services_for_caps(
                data["q"], institution=data["institution"].code if data["institution"] else None
            )
        else:
            results = []
    page = Paginator(results, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request, "catalogue/caps/list.html", {"form": form, "page": page, "query_string": params.urlencode()}
    )


@gate("caps.set")
def cap_edit(request, code: str):
    service = selectors.service_public(code)
    version = service.current_version
    form = CapForm(request.POST or None, initial={"cap": rials(version.centre_fee_cap)})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.centre_fee_cap_set(
                actor=request.user,
                service=service,
                cap=form.cleaned_data["cap"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            for key, msgs in exc.errors.items():
                for msg in msgs:
                    form.add_error(key if key in form.fields else None, msg)
            if not exc.errors:
                form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The cap is changed. Version %(number)d of the service carries it.")
                % {"number": change.version.number},
            )
            return redirect("catalogue:cap-edit", code=code)
    return render(
        request,
        "catalogue/caps/edit.html",
        {
            "service": service,
            "version": version,
            "form": form,
            "changes": selectors.cap_changes(service),
        },
    )
