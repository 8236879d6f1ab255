"""The regulator sets and changes centre fee caps: each change is a new version, with who and why."""

import pytest
from conftest import authed

from sanad.catalogue import services
from sanad.catalogue.constants import VersionStatus
from sanad.catalogue.models import CentreFeeCapChange
from sanad.core.errors import Conflict, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_a_cap_change_is_a_new_version_recorded_with_who_and_why(service_a, regulator):
    old = service_a.current_version
    change = services.centre_fee_cap_set(
        actor=regulator, service=service_a, cap=3500, reason="Annual review of centre fees"
    )
    service_a.refresh_from_db()
    old.refresh_from_db()
    assert service_a.current_version == change.version
    assert change.version.number == 2 and change.version.centre_fee_cap == 3500
    assert change.version.change_note == "Annual review of centre fees"
    assert change.version.published_by == regulator
    assert (change.old_cap, change.new_cap, change.changed_by) == (2000, 3500, regulator)
    assert old.status == VersionStatus.RETIRED and old.centre_fee_cap == 2000
    # Everything else is carried over, documents included.
    assert change.version.name_ar == old.name_ar
    assert change.version.documents.count() == old.documents.count()


def test_an_open_draft_takes_the_new_cap_and_moves_after_the_cap_version(service_a, officer_a, regulator):
    draft = services.version_draft(actor=officer_a, service=service_a)
    change = services.centre_fee_cap_set(actor=regulator, service=service_a, cap=1500, reason="Lowered")
    draft.refresh_from_db()
    assert change.version.number == 2
    assert draft.number == 3 and draft.centre_fee_cap == 1500
    services.version_publish(actor=officer_a, version=draft)
    service_a.refresh_from_db()
    assert service_a.current_version.centre_fee_cap == 1500


def test_officers_cannot_set_their_own_cap(service_a, officer_a):
    with pytest.raises(PermissionDenied):
        services.centre_fee_cap_set(actor=officer_a, service=service_a, cap=9000, reason="More")
    draft = services.version_draft(actor=officer_a, service=service_a)
    with pytest.raises(ValidationFailed):
        services.version_update(actor=officer_a, version=draft, content={"centre_fee_cap": 9000})
    draft.refresh_from_db()
    assert draft.centre_fee_cap == 2000


@pytest.mark.parametrize("cap", [-1, 1.5, "2000", None, True])
def test_a_cap_below_zero_or_not_a_whole_number_is_refused_and_nothing_changes(service_a, regulator, cap):
    with pytest.raises(ValidationFailed) as error:
        services.centre_fee_cap_set(actor=regulator, service=service_a, cap=cap, reason="Typo")
    assert "cap" in error.value.errors
    service_a.refresh_from_db()
    assert service_a.current_version.number == 1 and service_a.versions.count() == 1
    assert not CentreFeeCapChange.objects.exists()


def test_a_cap_change_needs_a_reason(service_a, regulator):
    with pytest.raises(ValidationFailed) as error:
        services.centre_fee_cap_set(actor=regulator, service=service_a, cap=2500, reason="  ")
    assert "reason" in error.value.errors
    assert service_a.versions.count() == 1


def test_a_retired_service_has_no_cap_to_change(service_a, officer_a, regulator):
    services.service_retire(actor=officer_a, service=service_a)
    with pytest.raises(Conflict):
        services.centre_fee_cap_set(actor=regulator, service=service_a, cap=2500, reason="x")


def test_the_regulator_changes_a_cap_through_the_api(api_client, service_a, regulator):
    response = authed(api_client, regulator).post(
        "/api/v1/services/AAA-PERMIT/cap/", {"cap": 2500, "reason": "Inflation"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json() | {"changed_at": None} == {
        "version": 2,
        "old_cap": 2000,
        "new_cap": 2500,
        "reason": "Inflation",
        "changed_by": regulator.username,
        "changed_at": None,
    }
    body = api_client.get("/api/v1/services/AAA-PERMIT/").json()
    assert body["current_version"]["fees"]["centre_fee_cap"] == 2500
    assert body["cap_changes"][0]["reason"] == "Inflation"


def test_a_negative_cap_through_the_api_is_a_translated_422_and_nothing_changes(
    api_client, service_a, regulator
):
    response = authed(api_client, regulator).post(
        "/api/v1/services/AAA-PERMIT/cap/",
        {"cap": -100, "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "بيسة" in response.json()["errors"]["cap"][0]
    assert service_a.versions.count() == 1


@pytest.mark.parametrize("fixture", ["officer_a", "citizen", "clerk"])
def test_only_the_regulator_changes_caps_through_the_api(api_client, service_a, fixture, request):
    user = request.getfixturevalue(fixture)
    response = authed(api_client, user).post(
        "/api/v1/services/AAA-PERMIT/cap/", {"cap": 2500, "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert service_a.versions.count() == 1
