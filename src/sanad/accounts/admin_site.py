"""The admin site requires a verified second factor (sanad.accounts.twofactor), and signs in through
Sanad's own sign-in page (password, then the code) rather than a form of its own."""

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import reverse


class SanadAdminSite(AdminSite):
    def has_permission(self, request):
        user = request.user
        verified = getattr(user, "is_verified", None)
        return super().has_permission(request) and callable(verified) and verified()

    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('web:login')}?{urlencode({'next': target})}")
