"""Two-factor sign-in: the regulator, officers and administrators give a code from their
authenticator app after the password (web and API); without a device they enrol first; a wrong
code is refused with a translated message and changes nothing; wrong codes lock out like passwords."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import TEST_PASSWORD, UserFactory
from sanad.accounts.tests.twofactor_helpers import current_code, enrolled_device, sign_in_verified
from sanad.accounts.twofactor import needs_second_factor, recovery_codes_renew

pytestmark = pytest.mark.django_db


def _password(client, user, **extra):
    return client.post("/login/", {"username": user.username, "password": TEST_PASSWORD}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("fields", "needed"),
    [
        ({"role": Role.REGULATOR}, True),
        ({"role": Role.INSTITUTION_OFFICER}, True),
        ({"role": Role.ADMIN}, True),
        ({"role": Role.CITIZEN, "is_staff": True}, True),
        ({"role": Role.CITIZEN}, False),
        ({"role": Role.CENTRE_STAFF}, False),
    ],
)
def test_who_signs_in_with_a_second_factor(fields, needed):
    assert needs_second_factor(UserFactory(**fields)) is needed


def test_a_password_alone_does_not_sign_a_regulator_in(client):
    user = UserFactory(role=Role.REGULATOR)
    enrolled_device(user)
    response = _password(client, user)
    assert response.status_code == 302 and response["Location"] == "/login/verify/"
    assert not _signed_in(client)
    assert client.get("/me/").status_code == 302  # still the sign-in page


def test_a_citizen_still_signs_in_with_the_password_alone(client):
    user = UserFactory(role=Role.CITIZEN)
    _password(client, user)
    assert _signed_in(client)


def test_the_code_step_without_a_password_first_goes_back_to_sign_in(client):
    assert client.get("/login/verify/")["Location"] == "/login/"
    assert client.post("/login/verify/", {"code": "123456"})["Location"] == "/login/"
    assert client.get("/login/enrol/")["Location"] == "/login/"


def test_a_wrong_code_is_refused_in_arabic_and_changes_nothing(client):
    user = UserFactory(role=Role.REGULATOR)
    device = enrolled_device(user)
    _password(client, user)
    response = client.post(
        "/login/verify/", {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert response.status_code == 400
    assert "الرمز غير صحيح" in response.content.decode()
    assert not _signed_in(client)
    device.refresh_from_db()
    assert device.last_t == -1 and AuthToken.objects.count() == 0


def test_an_empty_code_is_refused_with_a_message(client):
    user = UserFactory(role=Role.REGULATOR)
    enrolled_device(user)
    _password(client, user)
    response = client.post("/login/verify/", {"code": "  "})
    assert response.status_code == 400 and "أدخل الرمز" in response.content.decode()
    assert not _signed_in(client)


def test_the_right_code_signs_in_with_a_verified_session_and_lands_on_the_console(client):
    user = UserFactory(role=Role.REGULATOR)
    device = enrolled_device(user)
    _password(client, user)
    response = client.post("/login/verify/", {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == "/regulator/"
    assert _signed_in(client) and client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_the_page_asked_for_is_where_the_code_step_leads(client):
    user = UserFactory(role=Role.REGULATOR)
    device = enrolled_device(user)
    client.post("/login/", {"username": user.username, "password": TEST_PASSWORD, "next": "/me/"})
    assert client.post("/login/verify/", {"code": current_code(device)})["Location"] == "/me/"


def test_a_code_is_accepted_once(client):
    user = UserFactory(role=Role.INSTITUTION_OFFICER)
    device = enrolled_device(user)
    code = current_code(device)
    _password(client, user)
    client.post("/login/verify/", {"code": code})
    client.logout()
    _password(client, user)
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        response = client.post("/login/verify/", {"code": code})
    assert response.status_code == 400 and not _signed_in(client)


def test_after_a_wrong_code_the_right_one_still_works(client):
    user = UserFactory(role=Role.REGULATOR)
    device = enrolled_device(user)
    _password(client, user)
    client.post("/login/verify/", {"code": "abc"})
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        response = client.post("/login/verify/", {"code": current_code(device)})
    assert response.status_code == 302 and _signed_in(client)


def test_a_recovery_code_signs_in_once(client):
    user = UserFactory(role=Role.REGULATOR)
    enrolled_device(user)
    codes = recovery_codes_renew(user=user)
    _password(client, user)
    assert client.post("/login/verify/", {"code": codes[0].upper()}).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == len(codes) - 1
    client.logout()
    _password(client, user)
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        assert client.post("/login/verify/", {"code": codes[0]}).status_code == 400
    assert not _signed_in(client)


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(client, settings):
    user = UserFactory(role=Role.REGULATOR)
    device = enrolled_device(user)
    _password(client, user)
    statuses = [
        client.post("/login/verify/", {"code": "99999x"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429 and 400 in statuses
    assert not _signed_in(client)
    # Locked: even the right password and code do not sign in now.
    assert _password(client, user).status_code == 429
    assert client.post("/login/verify/", {"code": current_code(device)})["Location"] == "/login/"
    assert not _signed_in(client)


def test_the_password_lockout_still_applies_to_regulators(client, settings):
    user = UserFactory(role=Role.REGULATOR)
    enrolled_device(user)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": user.username, "password": "wrong"}, REMOTE_ADDR=f"192.0.2.{n}")
    assert _password(client, user, REMOTE_ADDR="192.0.2.200").status_code == 429
    assert client.get("/login/verify/")["Location"] == "/login/"


# --- Enrolment ---------------------------------------------------------------------------------


def test_an_account_without_a_device_is_sent_to_enrolment_with_a_qr_code(client):
    user = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    assert _password(client, user)["Location"] == "/login/enrol/"
    page = client.get("/login/enrol/")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and 'data-testid="otp-secret"' in body
    assert "<script" not in body.split("<main", 1)[-1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    # The same secret on a second look (a reload does not change what the app was given).
    client.get("/login/enrol/")
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert not _signed_in(client)


def test_enrolment_with_a_wrong_code_is_refused_and_changes_nothing(client):
    user = UserFactory(role=Role.REGULATOR)
    _password(client, user)
    client.get("/login/enrol/")
    device = TOTPDevice.objects.get(user=user)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post("/login/enrol/", {"code": wrong})
    assert response.status_code == 400 and "الرمز غير صحيح" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False and not StaticToken.objects.filter(device__user=user).exists()
    assert not _signed_in(client)


def test_enrolment_with_the_right_code_signs_in_and_shows_the_recovery_codes_once(client):
    user = UserFactory(role=Role.REGULATOR)
    _password(client, user)
    client.get("/login/enrol/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/login/enrol/", {"code": current_code(device)})
    assert response.status_code == 200 and 'data-testid="recovery-codes"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed and _signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert StaticToken.objects.filter(device__user=user).count() == 10
    client.logout()
    assert _password(client, user)["Location"] == "/login/verify/"


def test_new_recovery_codes_replace_the_old_ones(client):
    user = UserFactory(role=Role.REGULATOR)
    old = recovery_codes_renew(user=user)
    sign_in_verified(client, user)
    response = client.post("/me/recovery-codes/")
    assert response.status_code == 200
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(tokens) == 10 and not tokens & {c.replace("-", "") for c in old}


def test_an_unverified_session_of_such_an_account_signs_in_again(client):
    user = UserFactory(role=Role.REGULATOR)
    enrolled_device(user)
    client.force_login(user)  # e.g. a session from before two-factor sign-in
    assert client.post("/me/recovery-codes/").status_code == 403
    response = client.get("/login/")
    assert response.status_code == 200 and not _signed_in(client)


# --- The admin site -------------------------------------------------------------------------------


def test_the_admin_needs_a_verified_device(client):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"])["Location"].startswith("/login/?next=")
    sign_in_verified(client, admin)
    assert client.get("/admin/").status_code == 200


# --- The API token ----------------------------------------------------------------------------


def _token(api_client, user, **extra):
    return api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": TEST_PASSWORD, **extra}, format="json"
    )


def test_an_officer_token_without_the_code_is_refused(api_client):
    user = UserFactory(role=Role.INSTITUTION_OFFICER)
    enrolled_device(user)
    response = _token(api_client, user)
    assert response.status_code == 401 and response["Content-Type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/otp_required") and "otp" in response.json()["errors"]
    assert AuthToken.objects.count() == 0


def test_an_officer_token_with_a_wrong_code_is_refused_in_arabic(api_client):
    user = UserFactory(role=Role.INSTITUTION_OFFICER)
    device = enrolled_device(user)
    response = _token(api_client, user, otp="000000" if current_code(device) != "000000" else "111111")
    assert response.status_code == 401 and response.json()["type"].endswith("/otp_invalid")
    assert "الرمز غير صحيح" in response.json()["detail"]
    assert AuthToken.objects.count() == 0


def test_an_officer_token_with_the_right_code_is_issued(api_client):
    user = UserFactory(role=Role.INSTITUTION_OFFICER)
    device = enrolled_device(user)
    response = _token(api_client, user, otp=current_code(device))
    assert response.status_code == 200 and set(response.json()) == {"token"}


def test_a_token_for_an_account_not_enrolled_says_to_enrol_on_the_web(api_client):
    user = UserFactory(role=Role.REGULATOR)
    response = _token(api_client, user, otp="123456")
    assert response.status_code == 401 and response.json()["type"].endswith("/otp_not_set_up")
    assert AuthToken.objects.count() == 0


def test_wrong_codes_in_the_token_call_lock_out(api_client, settings):
    user = UserFactory(role=Role.REGULATOR)
    device = enrolled_device(user)
    statuses = [
        _token(api_client, user, otp="99999x").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert _token(api_client, user, otp=current_code(device)).status_code == 429
    assert AuthToken.objects.count() == 0


def test_a_clerk_token_needs_no_code(api_client):
    assert _token(api_client, UserFactory(role=Role.CENTRE_STAFF)).status_code == 200
