"""The second step of signing in for the regulator, officers and administrators (TOTP), the
enrolment of their authenticator app, and new recovery codes. See sanad.accounts.twofactor.

Between the password and the code the account is *pending*: remembered in the session, not signed
in. Nothing that needs a signed-in user is reachable until the code is right."""

import time

from django import forms
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from sanad.accounts import twofactor
from sanad.accounts.models import User
from sanad.core.errors import ValidationFailed

PENDING = "sanad_2fa_pending"
PENDING_SECONDS = 10 * 60  # the code must follow the password within ten minutes


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        error_messages={"required": gettext_lazy("Enter the code.")},
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-center font-monospace otp-input",
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "dir": "ltr",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


def start(request, user, next_url: str):
    """After a right password: remember the account as pending and ask for the code (or enrol)."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url or "",
        "at": int(time.time()),
    }
    return redirect("web:login-verify" if twofactor.is_enrolled(user) else "web:login-enrol")


def _pending(request) -> tuple[User | None, dict]:
    data = request.session.get(PENDING) or {}
    if not data or int(time.time()) - int(data.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, {}
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    return user, data


def _locked(request):
    from .account import locked_out

    request.session.pop(PENDING, None)
    return locked_out(request)


def _finish(request, user, device, data):
    """Sign in for real: the session now carries the verified device."""
    from sanad.web.navigation import landing_for

    request.session.pop(PENDING, None)
    auth_login(request, user, backend=data["backend"])
    otp_login(request, device)
    target = data.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return target or landing_for(user) or "web:dashboard"


def _with_language(response, user):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.preferred_language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


def verify(request):
    user, data = _pending(request)
    if user is None:
        return redirect("web:login")
    if not twofactor.is_enrolled(user):
        return redirect("web:login-enrol")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if twofactor.is_locked_out(request, user):
            return _locked(request)
        if form.is_valid():
            device = twofactor.code_verify(user=user, code=form.cleaned_data["code"], request=request)
            if device is not None:
                return _with_language(redirect(_finish(request, user, device, data)), user)
            if twofactor.is_locked_out(request, user):
                return _locked(request)
            form.add_error(
                "code", _("The code is not correct, or it has already been used. Try the new code.")
            )
        status = 400
    context = {"form": form, "pending_user": user, "codes_left": twofactor.recovery_codes_left(user)}
    return render(request, "account/otp_verify.html", context, status=status)


def enrol(request):
    user, data = _pending(request)
    if user is None:
        return redirect("web:login")
    if twofactor.is_enrolled(user):
        return redirect("web:login-verify")
    device = twofactor.totp_enrol_start(user=user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if twofactor.is_locked_out(request, user):
            return _locked(request)
        if form.is_valid():
            try:
                codes = twofactor.totp_enrol_confirm(
                    user=user, code=form.cleaned_data["code"], request=request
                )
            except ValidationFailed as exc:
                if twofactor.is_locked_out(request, user):
                    return _locked(request)
                form.add_error("code", exc.message)
            else:
                device.refresh_from_db()
                target = _finish(request, user, device, data)
                response = render(
                    request,
                    "account/otp_recovery_codes.html",
                    {"codes": codes, "continue_url": _url(target), "first_time": True},
                )
                return _with_language(response, user)
        status = 400
    context = {
        "form": form,
        "pending_user": user,
        "enrolment": twofactor.enrolment_for(device),
        "issuer": twofactor.issuer(),
    }
    return render(request, "account/otp_enrol.html", context, status=status)


def _url(target: str) -> str:
    from django.urls import reverse

    return target if target.startswith("/") else reverse(target)


@login_required
@require_POST
def recovery_codes_new(request):
    """New recovery codes for a signed-in, verified account (the old ones stop working)."""
    if not twofactor.needs_second_factor(request.user) or not request.user.is_verified():
        raise PermissionDenied(_("Sign in with your code first."))
    codes = twofactor.recovery_codes_renew(user=request.user)
    return render(
        request,
        "account/otp_recovery_codes.html",
        {"codes": codes, "continue_url": _url("web:dashboard"), "first_time": False},
    )
