"""A citizen applies for a centre licence and follows the application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sanad.accounts.constants import Gender, Role
from sanad.geo import selectors as geo

from .. import selectors, services
from ..constants import MAX_PARTNERS, OWNER_MAX_AGE, OWNER_MIN_AGE
from .common import attempt, field_errors


def _owner(post, prefix: str) -> dict:
    return {
        "full_name_ar": post.get(f"{prefix}name_ar", ""),
        "full_name_en": post.get(f"{prefix}name_en", ""),
        "civil_number": post.get(f"{prefix}civil_number", ""),
        "date_of_birth": post.get(f"{prefix}date_of_birth", ""),
        "gender": post.get(f"{prefix}gender", ""),
        "is_omani": post.get(f"{prefix}is_omani") == "on",
        "full_time": post.get(f"{prefix}full_time") == "on",
        "employed_elsewhere": post.get(f"{prefix}employed_elsewhere") == "on",
    }


@login_required
def apply(request):
    error = None
    if request.method == "POST":
        post = request.POST
        owners = [_owner(post, "o0_")]
        for index in range(1, MAX_PARTNERS):
            if post.get(f"o{index}_civil_number", "").strip() or post.get(f"o{index}_name_ar", "").strip():
                owners.append(_owner(post, f"o{index}_"))
        _licence, error = attempt(
            request,
            services.licence_apply,
            applicant=request.user,
            name_ar=post.get("name_ar", ""),
            name_en=post.get("name_en", ""),
            wilayat=post.get("wilayat", ""),
            address_ar=post.get("address_ar", ""),
            address_en=post.get("address_en", ""),
            latitude=post.get("latitude", ""),
            longitude=post.get("longitude", ""),
            phone=post.get("phone", ""),
            email=post.get("email", ""),
            counters=post.get("counters", "1"),
            owners=owners,
        )
        if not error:
            messages.success(request, _("Your application was received. The regulator will review it."))
            return redirect("centres:apply")
    profile = getattr(request.user, "citizen_profile", None)
    return render(
        request,
        "centres/apply.html",
        {
            "governorates": geo.governorates_with_wilayats(),
            "genders": Gender.choices,
            "partners": range(1, MAX_PARTNERS),
            "min_age": OWNER_MIN_AGE,
            "max_age": OWNER_MAX_AGE,
            "is_citizen": request.user.role == Role.CITIZEN,
            "profile": profile,
            "applications": selectors.licence_applications_of(request.user),
            "error": error,
            "error_details": field_errors(error),
            "posted": request.POST if error else {},
        },
        status=error.status if error else 200,
    )
