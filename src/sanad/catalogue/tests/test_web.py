"""The catalogue's pages: public catalogue, the officer console (draft, preview, publish) and the
regulator's caps, through the web forms."""

import pytest

from sanad.catalogue.models import CentreFeeCapChange, Service
from sanad.web.navigation import navigation_for

pytestmark = pytest.mark.django_db


def test_the_catalogue_page_lists_services_in_arabic(client):
    page = client.get("/services/").content.decode()
    assert 'dir="rtl"' in page
    assert page.count('data-testid="service-card"') == 24  # first page
    assert "المركبات والمرور" in page


def test_searching_the_catalogue_page_with_variant_spellings(client):
    for query in ("تجديد رخصة القيادة", "تجديد رخصه القياده"):
        page = client.get("/services/", {"q": query}).content.decode()
        assert 'data-code="ROP-DL-RENEW"' in page


def test_the_search_answers_htmx_with_the_results_only(client):
    response = client.get("/services/", {"q": "رخصة"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert 'data-code="ROP-DL-RENEW"' in response.content.decode()


def test_filters_by_category_institution_and_channel(client):
    page = client.get(
        "/services/", {"category": "health", "institution": "MOH", "channel": "walk_in"}
    ).content.decode()
    assert 'data-code="MOH-' in page and 'data-code="ROP-' not in page


def test_the_service_page_has_the_checklist_fees_time_and_institution(client):
    page = client.get("/services/ROP-DL-RENEW/").content.decode()
    assert "تجديد رخصة القيادة" in page
    assert page.count('data-testid="document"') == 4
    assert "شهادة فحص النظر" in page
    assert "10.000 ر.ع." in page and "20.000 ر.ع." in page  # government fee range
    assert "2.000 ر.ع." in page and "0.100 ر.ع." in page  # cap and 5% VAT on it
    assert "22.100 ر.ع." in page
    assert "شرطة عُمان السلطانية" in page
    assert 'data-testid="print"' in page


def test_the_service_page_marks_estimated_fees(client):
    code = (
        Service.objects.filter(current_version__fee_is_estimate=True).values_list("code", flat=True).first()
    )
    assert 'data-testid="estimate"' in client.get(f"/services/{code}/").content.decode()


def test_the_english_service_page(client):
    client.cookies["sanad_language"] = "en"
    page = client.get("/services/ROP-DL-RENEW/").content.decode()
    assert "Driving licence renewal" in page and "22.100 OMR" in page


def test_unknown_and_retired_services_are_404(client, service_a, officer_a):
    from sanad.catalogue import services

    assert client.get("/services/NOPE-NOPE/").status_code == 404
    services.service_retire(actor=officer_a, service=service_a)
    assert client.get("/services/AAA-PERMIT/").status_code == 404


def test_institution_pages(client):
    page = client.get("/institutions/").content.decode()
    assert page.count('data-testid="institution"') >= 12
    page = client.get("/institutions/ROP/").content.decode()
    assert 'data-code="ROP-DL-RENEW"' in page
    assert client.get("/institutions/NOPE/").status_code == 404


def _nav(user, rf):
    request = rf.get("/")
    request.user = user
    return [item["url"] for menu in navigation_for(request).values() for item in menu]


def test_navigation_entries_per_role(rf, officer_a, regulator, citizen):
    from django.contrib.auth.models import AnonymousUser

    assert "/services/" in _nav(AnonymousUser(), rf)
    assert "/institution/" in _nav(officer_a, rf) and "/regulator/caps/" not in _nav(officer_a, rf)
    assert "/regulator/caps/" in _nav(regulator, rf)
    assert "/institution/" not in _nav(citizen, rf)


def _management(prefix, total, initial):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def test_an_officer_creates_edits_previews_and_publishes_a_service_on_the_web(
    client, institution_a, officer_a
):
    client.force_login(officer_a)
    response = client.post(
        "/institution/services/new/",
        {
            "code": "AAA-BOAT-LICENCE",
            "category": "vehicles",
            "name_ar": "ترخيص قارب",
            "name_en": "Boat licence",
        },
    )
    assert response.status_code == 302
    edit_url = response["Location"]
    assert edit_url == "/institution/services/AAA-BOAT-LICENCE/versions/1/edit/"
    assert client.get(edit_url).status_code == 200
    form = {
        "category": "vehicles",
        "name_ar": "ترخيص قارب",
        "name_en": "Boat licence",
        "description_ar": "ترخيص قارب صيد أو نزهة",
        "description_en": "Licence for a fishing or leisure boat",
        "channels": ["walk_in", "online"],
        "government_fee_min": "5",
        "government_fee_max": "12.500",
        "sla_hours": "16",
        **_management("documents", 1, 0),
        "documents-0-type": "civil_id_copy",
        "documents-0-mandatory": "on",
        "documents-0-formats": ["pdf", "jpg"],
        "documents-0-max_size_kb": "2048",
        **_management("steps", 2, 0),
        "steps-0-code": "submitted",
        "steps-0-name_ar": "تقديم الطلب",
        "steps-0-name_en": "Submitted",
        "steps-1-code": "issued",
        "steps-1-name_ar": "إصدار الترخيص",
        "steps-1-name_en": "Licence issued",
        **_management("fields", 1, 0),
        "fields-0-key": "boat_size",
        "fields-0-type": "choice",
        "fields-0-label_ar": "حجم القارب",
        "fields-0-label_en": "Boat size",
        "fields-0-required": "on",
        "fields-0-choices": "small | صغير | Small\nlarge | كبير | Large",
        "preview": "1",
    }
    response = client.post(edit_url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/institution/services/AAA-BOAT-LICENCE/versions/1/"
    preview = client.get(response["Location"]).content.decode()
    assert 'data-testid="preview-banner"' in preview and "إصدار الترخيص" in preview
    version = Service.objects.get(code="AAA-BOAT-LICENCE").versions.get()
    assert (version.government_fee_min, version.government_fee_max) == (5000, 12500)
    assert version.form_fields[0]["constraints"]["choices"][1]["label_ar"] == "كبير"
    assert [d.formats for d in version.documents.all()] == [["pdf", "jpg"]]
    response = client.post("/institution/services/AAA-BOAT-LICENCE/versions/1/publish/")
    assert response.status_code == 302
    assert client.get("/services/AAA-BOAT-LICENCE/").status_code == 200
    # Editing the published version is refused; drafting a new one works.
    assert client.get(edit_url).status_code == 302
    response = client.post("/institution/services/AAA-BOAT-LICENCE/draft/")
    assert response["Location"] == "/institution/services/AAA-BOAT-LICENCE/versions/2/edit/"
    page = client.get(response["Location"]).content.decode()
    assert "boat_size" in page and "small | صغير | Small" in page


def test_the_web_editor_shows_service_errors_and_changes_nothing(client, service_a, officer_a):
    from sanad.catalogue import services

    draft = services.version_draft(actor=officer_a, service=service_a)
    client.force_login(officer_a)
    form = {
        "category": "test_category",
        "name_ar": "تصريح",
        "name_en": "Permit",
        "channels": ["walk_in"],
        "government_fee_min": "-1",
        "government_fee_max": "1",
        "sla_hours": "8",
        **_management("documents", 0, 0),
        **_management("steps", 0, 0),
        **_management("fields", 1, 0),
        "fields-0-key": "colour",
        "fields-0-type": "choice",
        "fields-0-label_ar": "اللون",
        "fields-0-label_en": "Colour",
    }
    response = client.post(f"/institution/services/AAA-PERMIT/versions/{draft.number}/edit/", form)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    form["government_fee_min"] = "1"
    response = client.post(f"/institution/services/AAA-PERMIT/versions/{draft.number}/edit/", form)
    assert 'data-testid="form-errors"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.name_en == "Test permit" and draft.form_fields[0]["key"] == "civil_number"


def test_the_regulator_changes_a_cap_on_the_web(client, regulator):
    client.force_login(regulator)
    assert (
        'data-code="ROP-DL-RENEW"' in client.get("/regulator/caps/", {"q": "رخصه القياده"}).content.decode()
    )
    response = client.post("/regulator/caps/ROP-DL-RENEW/", {"cap": "2.500", "reason": "Annual review"})
    assert response.status_code == 302
    change = CentreFeeCapChange.objects.get()
    assert (change.old_cap, change.new_cap, change.changed_by) == (2000, 2500, regulator)
    page = client.get("/regulator/caps/ROP-DL-RENEW/").content.decode()
    assert "Annual review" in page and "2.500 ر.ع." in page


def test_a_negative_cap_on_the_web_is_refused(client, regulator):
    client.force_login(regulator)
    response = client.post("/regulator/caps/ROP-DL-RENEW/", {"cap": "-1", "reason": "x"})
    assert response.status_code == 200
    assert not CentreFeeCapChange.objects.exists()


def test_categories_keep_the_catalogue_order_and_government_services_come_first(client):
    from sanad.catalogue import selectors

    codes = [c.code for c in selectors.categories_with_counts()]
    assert codes[:3] == ["vehicles", "residence", "civil_status"]
    first = selectors.services_search().first()
    assert first.institution.kind == "government" and first.category.code == "vehicles"
