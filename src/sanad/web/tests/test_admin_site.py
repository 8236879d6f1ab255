"""The admin site: Sanad's, in Arabic and right to left; every list and every record's page opens."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from .pages import build_world

pytestmark = pytest.mark.django_db


def test_the_admin_speaks_as_sanad_in_arabic(client):
    from sanad.accounts.constants import Role
    from sanad.accounts.tests.factories import UserFactory
    from sanad.accounts.tests.twofactor_helpers import sign_in_verified

    sign_in_verified(client, UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    client.cookies["sanad_language"] = "ar"
    html = client.get("/admin/").content.decode()
    assert 'dir="rtl"' in html and "rtl.css" in html
    assert "إدارة سند" in html and "sanad/admin.css" in html
    assert "جانغو" not in html and "Django" not in html.split("<body", 1)[1]


def test_the_admin_index_names_every_section_and_model_in_arabic(client):
    """The sign-in libraries' sections too (django-axes, django-rest-knox, django-otp): their packages
    name them in English ("Axes", "Knox", "Otp_Totp", "TOTP devices")."""
    from sanad.accounts.constants import Role
    from sanad.accounts.tests.factories import UserFactory
    from sanad.accounts.tests.twofactor_helpers import sign_in_verified

    sign_in_verified(client, UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    client.cookies["sanad_language"] = "ar"
    html = client.get("/admin/").content.decode()
    sections = [s.strip() for s in re.findall(r"<caption>\s*<a[^>]*>(.*?)</a>", html, re.S)]
    models = [m.strip() for m in re.findall(r'<th scope="row"[^>]*>\s*(?:<a[^>]*>)?([^<]*)<', html)]
    assert len(sections) >= 10 and len(models) >= 30, (sections, models)
    latin = [name for name in sections + models if re.search(r"[A-Za-z]", name)]
    assert not latin, latin
    for name in ("حماية تسجيل الدخول", "الدخول إلى الواجهة البرمجية", "التحقق بخطوتين: تطبيقات المصادقة"):
        assert name in sections, sections
    assert "رموز دخول الواجهة البرمجية" in models and "تطبيقات المصادقة" in models, models


def _open(client, url) -> list[str]:
    try:
        response = client.get(url)
    except Exception as exc:  # the test client raises what would have been a 500
        return [f"{url}: {type(exc).__name__}: {exc}"]
    return [] if response.status_code == 200 else [f"{url}: {response.status_code}"]


def test_every_admin_list_and_record_page_opens(client):
    world = build_world()
    from sanad.accounts.tests.twofactor_helpers import sign_in_verified

    sign_in_verified(client, world.users["admin"])
    client.cookies["sanad_language"] = "ar"
    failures = []
    opened = 0
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        failures += _open(client, changelist)
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        failures += _open(client, reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        opened += 1
    assert not failures, failures
    assert opened >= 20
