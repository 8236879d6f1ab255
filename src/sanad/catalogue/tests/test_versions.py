"""Versions: a published version never changes, a case pins the version it was opened on,
publishing retires the previous version for new cases."""

import pytest

from sanad.catalogue import selectors, services
from sanad.catalogue.constants import VersionStatus
from sanad.catalogue.models import RequiredDocument, ServiceVersion
from sanad.core.errors import Conflict, ValidationFailed

pytestmark = pytest.mark.django_db


def test_a_published_version_cannot_be_saved_with_changes(service_a):
    version = service_a.current_version
    version.name_en = "Changed"
    with pytest.raises(Conflict):
        version.save()
    version.refresh_from_db()
    assert version.name_en == "Test permit"


def test_a_published_versions_documents_cannot_be_changed(service_a):
    document = service_a.current_version.documents.get()
    document.mandatory = False
    with pytest.raises(Conflict):
        document.save()
    with pytest.raises(Conflict):
        document.delete()
    assert RequiredDocument.objects.get(pk=document.pk).mandatory is True


def test_updating_a_published_version_through_the_service_is_a_409(service_a, officer_a):
    with pytest.raises(Conflict):
        services.version_update(actor=officer_a, version=service_a.current_version, content={"name_en": "X"})


def test_a_draft_is_a_copy_of_the_latest_version_with_its_documents(service_a, officer_a):
    draft = services.version_draft(actor=officer_a, service=service_a, content={"sla_hours": 16})
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert draft.based_on == service_a.current_version
    assert draft.name_ar == service_a.current_version.name_ar
    assert draft.sla_hours == 16
    assert [d.document_type.code for d in draft.documents.all()] == ["civil_id_copy"]
    service_a.refresh_from_db()
    assert service_a.current_version.number == 1  # the draft changes nothing for new cases


def test_only_one_draft_at_a_time(service_a, officer_a):
    services.version_draft(actor=officer_a, service=service_a)
    with pytest.raises(Conflict):
        services.version_draft(actor=officer_a, service=service_a)
    assert service_a.versions.count() == 2


def test_publishing_retires_the_previous_version_and_pinned_versions_stay_as_they_were(service_a, officer_a):
    pinned = service_a.current_version  # what an open case holds
    draft = services.version_draft(
        actor=officer_a, service=service_a, content={"government_fee_min": 7000, "government_fee_max": 7000}
    )
    services.version_publish(actor=officer_a, version=draft)
    service_a.refresh_from_db()
    pinned.refresh_from_db()
    assert service_a.current_version == draft
    assert selectors.service_current_version(service_a).government_fee_min == 7000
    assert pinned.status == VersionStatus.RETIRED and pinned.retired_at is not None
    assert pinned.government_fee_min == 5000  # the case keeps its fee and its documents
    assert pinned.documents.count() == 1
    assert ServiceVersion.objects.filter(service=service_a, status=VersionStatus.PUBLISHED).count() == 1


def test_publishing_needs_both_names(service_a, officer_a):
    draft = services.version_draft(actor=officer_a, service=service_a, content={"name_en": ""})
    with pytest.raises(ValidationFailed) as error:
        services.version_publish(actor=officer_a, version=draft)
    assert "name_en" in error.value.errors
    draft.refresh_from_db()
    service_a.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert service_a.current_version.number == 1


def test_a_published_version_cannot_be_published_again(service_a, officer_a):
    with pytest.raises(Conflict):
        services.version_publish(actor=officer_a, version=service_a.current_version)


def test_retiring_a_service_stops_new_cases_but_keeps_its_versions(service_a, officer_a):
    version = service_a.current_version
    services.service_retire(actor=officer_a, service=service_a)
    service_a.refresh_from_db()
    version.refresh_from_db()
    assert service_a.current_version is None
    assert version.status == VersionStatus.RETIRED
    assert not selectors.services_search().filter(pk=service_a.pk).exists()
    with pytest.raises(Conflict):
        services.service_retire(actor=officer_a, service=service_a)


def test_a_retired_service_comes_back_by_publishing_a_new_version(service_a, officer_a):
    services.service_retire(actor=officer_a, service=service_a)
    draft = services.version_draft(actor=officer_a, service=service_a)
    services.version_publish(actor=officer_a, version=draft)
    service_a.refresh_from_db()
    assert service_a.current_version == draft


def test_discarding_a_draft_removes_it_but_never_a_published_version(service_a, officer_a):
    draft = services.version_draft(actor=officer_a, service=service_a)
    services.version_discard(actor=officer_a, version=draft)
    assert not ServiceVersion.objects.filter(pk=draft.pk).exists()
    with pytest.raises(Conflict):
        services.version_discard(actor=officer_a, version=service_a.current_version)


def test_a_new_service_starts_as_a_draft_and_is_published_by_its_officer(institution_a, officer_a):
    draft = services.service_create(
        actor=officer_a,
        code="aaa-new-permit",
        content={
            "category": "vehicles",
            "name_ar": "تصريح جديد",
            "name_en": "New permit",
            "description_ar": "وصف",
            "description_en": "Description",
            "channels": ["walk_in"],
            "steps": [{"code": "done", "name_ar": "الإنجاز", "name_en": "Done"}],
            "sla_hours": 4,
        },
    )
    assert draft.service.code == "AAA-NEW-PERMIT"
    assert draft.service.institution == institution_a
    assert draft.service not in selectors.services_search("تصريح جديد")
    services.version_publish(actor=officer_a, version=draft)
    assert selectors.services_search("تصريح جديد").first() == draft.service
    assert draft.steps[-1]["final"] is True


def test_the_api_shows_the_current_version_and_history_and_keeps_old_versions_readable(
    api_client, service_a, officer_a
):
    draft = services.version_draft(actor=officer_a, service=service_a, content={"sla_hours": 24})
    services.version_publish(actor=officer_a, version=draft)
    body = api_client.get("/api/v1/services/AAA-PERMIT/").json()
    assert body["current_version"]["number"] == 2
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert [v["status"] for v in body["versions"]] == ["published", "retired"]
    old = api_client.get("/api/v1/services/AAA-PERMIT/versions/1/").json()
    assert old["sla_hours"] == 8 and old["status"] == "retired"
    assert old["documents"][0]["type"] == "civil_id_copy"


def test_drafts_are_not_public(api_client, service_a, officer_a):
    services.version_draft(actor=officer_a, service=service_a)
    assert api_client.get("/api/v1/services/AAA-PERMIT/versions/2/").status_code == 404
    body = api_client.get("/api/v1/services/AAA-PERMIT/").json()
    assert [v["number"] for v in body["versions"]] == [1]
