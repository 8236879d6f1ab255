from datetime import timedelta

import pytest
import time_machine
from conftest import authed
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.feedback.models import Rating, RatingInvitation
from sanad.feedback.services import rating_create, rating_hide, rating_submit_by_token
from sanad.notifications.models import Notification
from sanad.outbox.models import OutboxMessage

from .factories import (
    SCORES,
    citizen,
    completed_case,
    licensed_centre,
    open_walk_in,
    regulator_user,
    staff,
    token_from_sms,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return licensed_centre()


@pytest.fixture
def clerk(centre):
    return staff(centre)


@pytest.fixture
def person():
    return citizen()


@pytest.fixture
def case(centre, clerk, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return completed_case(centre, clerk, person)


def sms_token(person) -> str:
    sms = Notification.objects.get(recipient=person, channel="sms", topic="rating_invite")
    return token_from_sms(sms.body)


def url(case):
    return f"/api/v1/cases/{case.reference}/rating/"


def test_completion_sends_the_citizen_an_sms_with_a_rating_link(case, person):
    sms = Notification.objects.get(recipient=person, channel="sms", topic="rating_invite")
    assert "/r/" in sms.body and case.reference in sms.body
    invitation = RatingInvitation.objects.get(case=case)
    token = token_from_sms(sms.body)
    assert token not in invitation.token_hash  # only the hash is stored
    assert invitation.expires_at.date() == (timezone.now() + timedelta(days=14)).date()


def test_the_rating_link_rates_once_without_signing_in(client, case, person):
    token = sms_token(person)
    page = client.get(f"/r/{token}")
    assert page.status_code == 200
    assert case.service_version.name_ar in page.content.decode()
    response = client.post(f"/r/{token}", {**SCORES})
    assert response.status_code == 200
    rating = Rating.objects.get(case=case)
    assert (rating.overall, rating.speed, rating.courtesy, rating.fee_clarity) == (4, 5, 4, 3)
    assert rating.channel == "link" and rating.centre_id == case.centre_id
    assert RatingInvitation.objects.get(case=case).used_at is not None
    again = client.post(f"/r/{token}", {**SCORES, "overall": 1})
    assert again.status_code == 409
    assert "استُخدم رابط التقييم هذا من قبل" in again.content.decode()
    assert Rating.objects.get(case=case).overall == 4


def test_a_forged_rating_link_is_refused(client, case):
    response = client.post("/r/forged-token-1234567890", SCORES)
    assert response.status_code == 404
    assert not Rating.objects.exists()
    with pytest.raises(NotFound):
        rating_submit_by_token(token="x" * 24, data=SCORES)


def test_an_expired_rating_link_is_refused(client, case, person):
    token = sms_token(person)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.post(f"/r/{token}", SCORES)
        assert response.status_code == 409
        with pytest.raises(Conflict):
            rating_submit_by_token(token=token, data=SCORES)
    assert not Rating.objects.exists()


def test_a_score_outside_1_to_5_is_refused_by_the_link(client, case, person):
    token = sms_token(person)
    response = client.post(f"/r/{token}", {**SCORES, "speed": "6"})
    assert response.status_code == 422
    assert not Rating.objects.exists()
    assert RatingInvitation.objects.get(case=case).used_at is None


def test_the_citizen_rates_through_the_api_once(api_client, case, person):
    client = authed(api_client, person)
    response = client.post(url(case), SCORES, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["overall"] == 4
    again = client.post(url(case), SCORES, format="json")
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")
    assert Rating.objects.count() == 1


@pytest.mark.parametrize("bad", [0, 6, -1, "five", None, True, 4.5])
def test_a_score_outside_1_to_5_is_a_422_and_nothing_is_saved(api_client, case, person, bad):
    response = authed(api_client, person).post(url(case), {**SCORES, "courtesy": bad}, format="json")
    assert response.status_code == 422
    assert "courtesy" in response.json()["errors"]
    assert not Rating.objects.exists()


def test_a_case_not_completed_cannot_be_rated(api_client, centre, clerk, person):
    case = open_walk_in(centre, clerk, person)
    response = authed(api_client, person).post(url(case), SCORES, format="json")
    assert response.status_code == 409
    assert not Rating.objects.exists()


def test_another_citizens_case_is_a_404(api_client, case):
    response = authed(api_client, citizen()).post(url(case), SCORES, format="json")
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_centre_staff_cannot_rate_their_own_case(case, clerk):
    with pytest.raises(PermissionDenied):
        rating_create(actor=clerk, reference=case.reference, data=SCORES)
    assert not Rating.objects.exists()


def test_the_database_keeps_one_rating_per_case(case):
    rating_create(actor=case.citizen, reference=case.reference, data=SCORES)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            case=case, centre=case.centre, overall=3, speed=3, courtesy=3, fee_clarity=3, channel="api"
        )


def test_the_database_refuses_a_score_out_of_range(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            case=case, centre=case.centre, overall=9, speed=3, courtesy=3, fee_clarity=3, channel="api"
        )


def test_the_citizen_rates_from_the_case_page(client, case, person):
    client.force_login(person)
    page = client.get(f"/my/cases/{case.reference}/")
    assert 'data-testid="rating-form"' in page.content.decode()
    response = client.post(f"/my/cases/{case.reference}/rating/", SCORES)
    assert response.status_code == 302
    assert Rating.objects.get(case=case).channel == "portal"
    page = client.get(f"/my/cases/{case.reference}/")
    assert 'data-testid="rating-form"' not in page.content.decode()
    assert 'data-testid="rating-given"' in page.content.decode()


def test_the_centre_sees_its_ratings_without_the_citizens_identity(client, case, clerk, person):
    rating_create(actor=person, reference=case.reference, data=SCORES)
    client.force_login(clerk)
    body = client.get("/centre/ratings/").content.decode()
    assert "خدمة ممتازة" in body
    assert person.full_name_ar not in body and person.username not in body and case.reference not in body
    other = staff(licensed_centre(name="مركز آخر"))
    client.force_login(other)
    assert "خدمة ممتازة" not in client.get("/centre/ratings/").content.decode()


def test_the_regulator_hides_an_abusive_comment_with_who_and_why(client, case, clerk, person):
    rating = rating_create(actor=person, reference=case.reference, data={**SCORES, "comment": "كلام مسيء"})
    regulator = regulator_user()
    with pytest.raises(ValidationFailed):
        rating_hide(rating_id=rating.pk, actor=regulator, reason=" ")
    with pytest.raises(PermissionDenied):
        rating_hide(rating_id=rating.pk, actor=clerk, reason="x")
    rating.refresh_from_db()
    assert rating.hidden_at is None
    client.force_login(regulator)
    client.post(f"/regulator/ratings/{rating.pk}/hide/", {"reason": "ألفاظ مسيئة"})
    rating.refresh_from_db()
    assert rating.hidden_by == regulator and rating.hidden_reason == "ألفاظ مسيئة"
    assert Rating.objects.filter(pk=rating.pk).exists()  # hidden, not deleted
    client.force_login(clerk)
    assert "كلام مسيء" not in client.get("/centre/ratings/").content.decode()
    with pytest.raises(Conflict):
        rating_hide(rating_id=rating.pk, actor=regulator, reason="again")


def test_a_case_completed_again_is_not_invited_twice(case):
    assert (
        OutboxMessage.objects.filter(
            kind="notification.sms", idempotency_key__startswith=f"rating:{case.pk}:"
        ).count()
        == 1
    )


# --- hiding a comment through the API ---------------------------------------------------------------
def hide_url(rating_id) -> str:
    return f"/api/v1/ratings/{rating_id}/hide/"


def test_the_regulator_hides_a_comment_through_the_api_and_the_trail_records_it(api_client, case, person):
    from sanad.audit.models import AuditEntry

    rating = rating_create(actor=person, reference=case.reference, data={**SCORES, "comment": "كلام مسيء"})
    regulator = regulator_user()
    client = authed(api_client, regulator)
    listed = client.get("/api/v1/ratings/?hidden=false").json()
    assert [r["id"] for r in listed["results"]] == [rating.pk]
    response = client.post(hide_url(rating.pk), {"reason": "ألفاظ مسيئة"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["hidden"] is True and body["hidden_by"] == regulator.username
    assert body["hidden_reason"] == "ألفاظ مسيئة" and body["comment"] == "كلام مسيء"
    rating.refresh_from_db()
    assert rating.hidden_by == regulator and Rating.objects.filter(pk=rating.pk).exists()
    entry = AuditEntry.objects.filter(object_type="feedback.rating", object_id=str(rating.pk)).last()
    assert entry.operation == "update" and entry.channel == "api" and entry.actor_id == regulator.pk
    assert entry.changes["hidden_reason"] == ["", "ألفاظ مسيئة"]
    assert [r["id"] for r in client.get("/api/v1/ratings/?hidden=true").json()["results"]] == [rating.pk]
    assert client.get("/api/v1/ratings/?hidden=false").json()["results"] == []
    # Twice: 409, and the first hiding is kept.
    again = client.post(hide_url(rating.pk), {"reason": "مرة أخرى"}, format="json")
    assert again.status_code == 409 and again["Content-Type"].startswith("application/problem+json")
    rating.refresh_from_db()
    assert rating.hidden_reason == "ألفاظ مسيئة"


def test_hiding_through_the_api_refuses_bad_input_and_changes_nothing(api_client, case, clerk, person):
    rating = rating_create(actor=person, reference=case.reference, data={**SCORES, "comment": "كلام مسيء"})
    client = authed(api_client, regulator_user())
    empty = client.post(hide_url(rating.pk), {"reason": "  "}, format="json", HTTP_ACCEPT_LANGUAGE="ar")
    assert empty.status_code == 422 and empty["Content-Type"].startswith("application/problem+json")
    assert empty.json()["errors"]["reason"] == ["اكتب سبب إخفاء التعليق."]
    assert client.post(hide_url(999999), {"reason": "x"}, format="json").status_code == 404
    assert client.post(hide_url("abc"), {"reason": "x"}, format="json").status_code == 404
    assert client.post(hide_url(rating.pk), {"reason": "x" * 301}, format="json").status_code == 400
    assert client.get("/api/v1/ratings/?hidden=maybe").status_code == 400
    rating.refresh_from_db()
    assert rating.hidden_at is None and rating.hidden_reason == ""


@pytest.mark.parametrize("who", ["clerk", "citizen", "anonymous"])
def test_only_the_regulator_may_moderate_through_the_api(api_client, case, clerk, person, who):
    rating = rating_create(actor=person, reference=case.reference, data={**SCORES, "comment": "كلام مسيء"})
    client = api_client if who == "anonymous" else authed(api_client, clerk if who == "clerk" else person)
    expected = 401 if who == "anonymous" else 403
    hide = client.post(hide_url(rating.pk), {"reason": "x"}, format="json")
    assert hide.status_code == expected and hide["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/ratings/").status_code == expected
    rating.refresh_from_db()
    assert rating.hidden_at is None
