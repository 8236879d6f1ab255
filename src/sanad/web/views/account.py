from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sanad.accounts.constants import Language
from sanad.accounts.services import user_set_language


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "current-password"}
        )


class LoginView(auth_views.LoginView):
    template_name = "account/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        from django.contrib.auth import logout

        from sanad.accounts.twofactor import needs_second_factor

        user = request.user
        if user.is_authenticated and needs_second_factor(user) and not user.is_verified():
            # A session without the code (from before two-factor, or a role given since) signs in again.
            logout(request)
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self):
        from sanad.web.navigation import landing_for

        return landing_for(self.request.user) or super().get_default_redirect_url()

    def form_valid(self, form):
        from sanad.accounts.twofactor import needs_second_factor

        from . import twofactor

        user = form.get_user()
        if needs_second_factor(user):
            # The password was right; the code comes next, and only then is the account signed in.
            return twofactor.start(self.request, user, self.get_redirect_url())
        response = super().form_valid(form)
        # The account's language wins over the visitor's choice once signed in.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer: the sign-in page again, saying why, with a 429 (problem+json
    under /api/)."""
    message = _("Too many wrong passwords for this account. Wait a few minutes and try again.")
    if request.path.startswith("/api/"):
        from sanad.api.errors import problem_response

        return problem_response(request, 429, message, "locked_out")
    context = {"form": LoginForm(request), "locked_out": message, "next": request.POST.get("next", "")}
    return render(request, "account/login.html", context, status=429)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


@require_POST
def set_language(request):
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax"
        )
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
    return response


@login_required
def dashboard(request):
    """Each role's start page. Areas add their own consoles; this is the common landing."""
    from sanad.accounts import twofactor

    two_factor = None
    if twofactor.needs_second_factor(request.user) and twofactor.is_enrolled(request.user):
        two_factor = {"codes_left": twofactor.recovery_codes_left(request.user)}
    return render(
        request,
        "account/dashboard.html",
        {"profile": getattr(request.user, "citizen_profile", None), "two_factor": two_factor},
    )
