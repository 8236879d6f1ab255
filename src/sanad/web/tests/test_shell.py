import pytest
from django.conf import settings

from sanad.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_home_is_arabic_and_right_to_left_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert html.count('data-testid="governorate"') == 11
    assert "مسقط" in html and "ظفار" in html


def test_the_language_switch_is_remembered(client):
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Muscat" in html
    client.post("/language/", {"language": "ar", "next": "/"})
    assert '<html lang="ar" dir="rtl">' in client.get("/").content.decode()


def test_the_language_switch_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post("/language/", {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_signing_in_uses_the_accounts_language(client):
    user = UserFactory(preferred_language="en")
    response = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert '<html lang="en" dir="ltr">' in client.get("/me/").content.decode()


def test_a_wrong_password_is_a_clear_translated_error(client):
    user = UserFactory()
    response = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "اسم المستخدم أو كلمة المرور غير صحيحة" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_navigation_follows_the_role(client, regulator, citizen):
    client.force_login(regulator)
    assert "/admin/" in client.get("/").content.decode()
    client.force_login(citizen)
    assert "/admin/" not in client.get("/").content.decode()


def test_the_account_page_needs_a_login(client):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_unknown_pages_are_a_translated_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


def test_a_clerk_is_not_offered_the_managers_settlement_page(client):
    from sanad.cases.tests.factories import licensed_centre, staff
    from sanad.centres.constants import StaffRole

    centre = licensed_centre()
    clerk, manager = staff(centre), staff(centre, role=StaffRole.MANAGER)
    client.force_login(clerk)
    assert "/centre/settlement/" not in client.get("/").content.decode()
    client.force_login(manager)
    assert "/centre/settlement/" in client.get("/").content.decode()
