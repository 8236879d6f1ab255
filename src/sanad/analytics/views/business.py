"""The centre's business dashboard (/centre/manage/, its staff's landing) and the institution's
dashboard (/institution/, its officers' landing). The figures are the API's (selectors)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import selectors, tables
from .common import export_links, filter_choices, filters_or_error


def _series(rows, label_key, series):
    return json.dumps(
        {
            "labels": [r[label_key] for r in rows],
            "datasets": [{"label": str(label), "data": [r[key] for r in rows]} for key, label in series],
        }
    )


@login_required
def centre_dashboard(request):
    from sanad.centres.constants import MANAGING_ROLES, StaffRole
    from sanad.centres.selectors import licence_state_today, staff_membership

    membership = staff_membership(request.user)
    if membership is None:
        return render(request, "centres/manage/no_centre.html", status=404)
    centre = membership.centre
    stats_filter, error = filters_or_error(request)
    figures = selectors.centre_stats(centre, stats_filter)
    context = {
        "centre": centre,
        "role": membership.role,
        "role_label": StaffRole(membership.role).label,
        "can_manage": membership.role in MANAGING_ROLES,
        "section": "business",
        "licence": centre.licence,
        "licence_state": licence_state_today(centre.licence),
        "f": stats_filter,
        "error": error,
        "s": figures,
        "m": figures["wilayat_median"],
        "exports": {
            name: export_links("api:stats-centre", stats_filter, name, args=[centre.pk])
            for name in tables.CENTRE
        },
        "month_series": _series(
            figures["by_month"], "month", [("cases", _("Transactions")), ("completed", _("Completed"))]
        ),
        "revenue_series": _series(
            [{**r, "revenue": r["revenue"] / 1000} for r in figures["by_month"]],
            "month",
            [("revenue", _("Centre fees (OMR)"))],
        ),
        "day_series": _series(figures["by_day"][-31:], "day", [("cases", _("Transactions"))]),
        "services": filter_choices()["services"],
    }
    return render(request, "analytics/centre.html", context, status=400 if error else 200)


@login_required
def institution_dashboard(request):
    from sanad.catalogue.selectors import institution_of

    institution = institution_of(request.user)
    if institution is None:
        raise DjangoPermissionDenied
    stats_filter, error = filters_or_error(request)
    figures = selectors.institution_stats(institution, stats_filter)
    context = {
        "institution": institution,
        "f": stats_filter,
        "error": error,
        "s": figures,
        "exports": {
            name: export_links("api:stats-institution", stats_filter, name, args=[institution.code])
            for name in tables.INSTITUTION
        },
        "month_series": _series(
            figures["by_month"],
            "month",
            [("submitted", _("Submitted to the institution")), ("completed", _("Completed"))],
        ),
        "services": [s for s in filter_choices()["services"] if s["institution"] == institution.code],
    }
    return render(request, "analytics/institution.html", context, status=400 if error else 200)
