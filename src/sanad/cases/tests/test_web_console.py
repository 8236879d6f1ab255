"""The centre console and the centre's case page: the list with SLA colours, tenancy, exactly the
allowed actions, and every bad input shown as a clear alert with nothing changed."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseDocument, CaseEvent, CustodyItem
from sanad.cases.services import case_transition, custody_receive, document_upload
from sanad.payments.tests.factories import pay_cash

from .factories import EXE, PDF, citizen, licensed_centre, open_walk_in, staff, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    centre, other_centre = licensed_centre(), licensed_centre(name="مركز آخر")
    clerk, other_clerk = staff(centre), staff(other_centre)
    person = citizen()
    case = open_walk_in(centre, clerk, person)
    return {"centre": centre, "clerk": clerk, "other_clerk": other_clerk, "person": person, "case": case}


def page(client, user, url, **kwargs):
    client.force_login(user)
    response = client.get(url, **kwargs)
    return response, response.content.decode()


def post(client, user, url, data):
    client.force_login(user)
    response = client.post(url, data)
    return response, response.content.decode()


def act_url(case):
    return f"/centre/cases/{case.reference}/act/"


def acted(case):
    return Case.objects.get(pk=case.pk)


# --- the console ----------------------------------------------------------------------------------
def test_the_console_lists_the_centres_open_cases_in_arabic_with_sla_colours(client, world):
    response, html = page(client, world["clerk"], "/centre/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "لوحة المركز" in html
    assert world["case"].reference in html
    assert 'data-sla="' in html
    # keyboard-first: the shortcuts act on load (the search box does not take the focus; "/" gives it)
    assert 'accesskey="n"' in html and "autofocus" not in html


def test_sla_colouring_follows_the_due_time(client, world):
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(sla_due_at=timezone.now() - timedelta(hours=1))
    _response, html = page(client, world["clerk"], "/centre/")
    assert 'data-sla="overdue"' in html
    Case.objects.filter(pk=case.pk).update(sla_due_at=timezone.now() + timedelta(days=9))
    _response, html = page(client, world["clerk"], "/centre/")
    assert 'data-sla="on_time"' in html


def test_the_sla_is_due_today_when_it_falls_later_today(client, world):
    noon = timezone.make_aware(
        timezone.datetime.combine(timezone.localdate(), timezone.datetime.min.time())
    ) + timedelta(hours=9)
    Case.objects.filter(pk=world["case"].pk).update(sla_due_at=noon + timedelta(hours=3))
    with time_machine.travel(noon, tick=False):
        _response, html = page(client, world["clerk"], "/centre/")
    assert 'data-sla="due_today"' in html


def test_a_clerk_never_sees_another_centres_cases(client, world):
    _response, html = page(client, world["other_clerk"], "/centre/")
    assert world["case"].reference not in html
    response, _html = page(client, world["other_clerk"], f"/centre/cases/{world['case'].reference}/")
    assert response.status_code == 404


def test_search_finds_by_reference_and_by_civil_number(client, world):
    case, person = world["case"], world["person"]
    other = open_walk_in(world["centre"], world["clerk"], citizen())
    _response, html = page(client, world["clerk"], f"/centre/?view=all&q={case.reference}")
    assert case.reference in html and other.reference not in html
    _response, html = page(client, world["clerk"], f"/centre/?view=all&q={person.citizen_profile.id_number}")
    assert case.reference in html and other.reference not in html


def test_a_mistyped_reference_in_the_search_says_so(client, world):
    reference = world["case"].reference
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    response, html = page(client, world["clerk"], f"/centre/?q={wrong}")
    assert response.status_code == 400
    assert "رقم التحقق لا يطابق" in html
    assert reference not in html


def test_filters_by_state(client, world):
    case = world["case"]
    _response, html = page(client, world["clerk"], "/centre/?state=in_progress")
    assert case.reference not in html
    _response, html = page(client, world["clerk"], "/centre/?state=accepted")
    assert case.reference in html
    _response, html = page(client, world["clerk"], "/centre/?view=finished")
    assert case.reference not in html


def test_the_console_is_for_centre_staff_only(client, world):
    response, html = page(client, world["person"], "/centre/")
    assert response.status_code == 403
    assert "لوحة المركز مخصصة لموظفي المراكز" in html
    loose = UserFactory(role=Role.CENTRE_STAFF)  # no membership
    response, _html = page(client, loose, "/centre/")
    assert response.status_code == 403
    client.logout()
    assert client.get("/centre/").status_code == 302  # to the sign-in page


def test_htmx_search_returns_only_the_rows(client, world):
    response, html = page(client, world["clerk"], "/centre/?q=", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in html
    assert world["case"].reference in html


# --- the case page --------------------------------------------------------------------------------
def test_the_case_page_shows_the_header_fees_checklist_and_exactly_the_allowed_actions(client, world):
    case = world["case"]
    response, html = page(client, world["clerk"], f"/centre/cases/{case.reference}/")
    assert response.status_code == 200
    assert 'data-testid="case-reference"' in html and case.reference in html
    assert "مستلمة" in html  # state badge
    assert "21.575" in html  # total in the fee breakdown
    assert "شهادة فحص النظر" in html or "eye" in html.lower()
    assert "إلزامي — ناقص" in html  # the eye test is missing
    for allowed in ("start", "send_back", "cancel"):
        assert f'data-testid="action-{allowed}"' in html
    for not_allowed in ("submit_to_institution", "complete", "close", "respond", "accept"):
        assert f'data-testid="action-{not_allowed}"' not in html
    assert f'name="expected_version" value="{case.version}"' in html


def test_a_reference_with_a_wrong_check_digit_is_a_400_page(client, world):
    reference = world["case"].reference
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    response, html = page(client, world["clerk"], f"/centre/cases/{wrong}/")
    assert response.status_code == 400
    assert "رقم التحقق لا يطابق" in html


def test_another_centre_cannot_act_on_the_case(client, world):
    case = world["case"]
    response, _html = post(
        client, world["other_clerk"], act_url(case), {"action": "start", "expected_version": case.version}
    )
    assert response.status_code == 404
    assert acted(case).state == CaseState.ACCEPTED


def test_an_action_moves_the_case_and_comes_back_to_the_page(client, world):
    case = world["case"]
    response, _html = post(
        client, world["clerk"], act_url(case), {"action": "start", "expected_version": case.version}
    )
    assert response.status_code == 302
    assert acted(case).state == CaseState.IN_PROGRESS
    _response, html = page(client, world["clerk"], response["Location"])
    assert "قيد الإنجاز" in html


def test_a_transition_not_in_the_table_is_a_409_naming_the_current_state(client, world):
    case = world["case"]
    response, html = post(client, world["clerk"], act_url(case), {"action": "complete", "note": "x"})
    assert response.status_code == 409
    assert "مستلمة" in html and 'data-testid="case-error"' in html
    assert acted(case).state == CaseState.ACCEPTED
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_sending_back_without_a_reason_is_a_422_and_changes_nothing(client, world):
    case = world["case"]
    response, html = post(
        client,
        world["clerk"],
        act_url(case),
        {"action": "send_back", "note": "  ", "expected_version": case.version},
    )
    assert response.status_code == 422
    assert "اكتب السبب" in html
    assert acted(case).state == CaseState.ACCEPTED


def test_two_clerks_at_once_one_wins_the_other_gets_409(client, world):
    case = world["case"]
    second = staff(world["centre"])
    stale = case.version
    first, _ = post(client, world["clerk"], act_url(case), {"action": "start", "expected_version": stale})
    assert first.status_code == 302
    response, html = post(
        client, second, act_url(case), {"action": "cancel", "note": "خطأ", "expected_version": stale}
    )
    assert response.status_code == 409
    assert "عدّل شخص آخر هذه المعاملة" in html
    assert acted(case).state == CaseState.IN_PROGRESS


def test_submission_without_the_mandatory_documents_is_refused_with_their_names(client, world):
    case = world["case"]
    case_transition(case_id=case.pk, action="start", actor=world["clerk"])
    response, html = post(
        client,
        world["clerk"],
        act_url(case),
        {"action": "submit_to_institution", "expected_version": acted(case).version},
    )
    assert response.status_code == 409
    assert "مستندات إلزامية ناقصة" in html
    assert acted(case).state == CaseState.IN_PROGRESS


def test_closing_with_originals_held_is_refused(client, world):
    case, clerk = world["case"], world["clerk"]
    custody_receive(case=case, actor=clerk, item_type="driving_licence", description="الرخصة القديمة")
    case_transition(case_id=case.pk, action="start", actor=clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_cash(case, clerk)
    case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)
    document_upload(case=case, actor=clerk, uploaded=upload(PDF, "licence.pdf"), role="outcome")
    case_transition(case_id=case.pk, action="complete", actor=clerk, note="صدرت")
    response, html = post(
        client, clerk, act_url(case), {"action": "close", "expected_version": acted(case).version}
    )
    assert response.status_code == 409
    assert "أعد أصول المواطن أولًا" in html
    assert acted(case).state == CaseState.COMPLETED


def test_submit_to_institution_records_the_institutions_reference(client, world):
    case, clerk = world["case"], world["clerk"]
    case_transition(case_id=case.pk, action="start", actor=clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_cash(case, clerk)
    response, _html = post(
        client,
        clerk,
        act_url(case),
        {
            "action": "submit_to_institution",
            "institution_reference": "ROP-778899",
            "expected_version": acted(case).version,
        },
    )
    assert response.status_code == 302
    assert acted(case).institution_reference == "ROP-778899"


# --- documents ------------------------------------------------------------------------------------
def upload_to(client, user, case, content, name, document_type="eye_test_certificate", role="required"):
    client.force_login(user)
    return client.post(
        f"/centre/cases/{case.reference}/documents/",
        {"file": upload(content, name), "document_type": document_type, "role": role},
    )


def test_uploading_a_document_fills_the_checklist(client, world):
    case = world["case"]
    response = upload_to(client, world["clerk"], case, PDF, "فحص النظر.pdf")
    assert response.status_code == 302
    document = CaseDocument.objects.get(case=case)
    _response, html = page(client, world["clerk"], f"/centre/cases/{case.reference}/")
    assert "فحص النظر.pdf" in html
    assert f"/cases/{case.reference}/documents/{document.pk}/" in html
    assert "إلزامي — ناقص" not in html


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (EXE, "report.pdf", "نوع هذا الملف غير مقبول"),  # a renamed .exe
        (b"", "empty.pdf", "الملف فارغ"),
        (PDF + b"0" * (2048 * 1024), "big.pdf", "الحد الأقصى"),
    ],
)
def test_a_bad_file_is_a_clear_error_and_nothing_is_stored(client, world, content, name, message):
    response = upload_to(client, world["clerk"], world["case"], content, name)
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert CaseDocument.objects.count() == 0


def test_a_path_in_the_file_name_never_reaches_the_storage(client, world, settings):
    """Browsers send bare names; a crafted path is cut to its last part by Django's parser, and
    the file is stored under a random name inside the private storage."""
    response = upload_to(client, world["clerk"], world["case"], PDF, "../../etc/passwd.pdf")
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert "/" not in document.original_name and ".." not in document.original_name
    assert document.file.path.startswith(str(settings.VAR_DIR / "private"))


def test_uploading_without_a_file_says_so(client, world):
    client.force_login(world["clerk"])
    response = client.post(
        f"/centre/cases/{world['case'].reference}/documents/", {"document_type": "eye_test_certificate"}
    )
    assert response.status_code == 422
    assert "اختر ملفًا لرفعه" in response.content.decode()
    assert CaseDocument.objects.count() == 0


def test_the_outcome_document_is_uploaded_by_the_centre(client, world):
    case, clerk = world["case"], world["clerk"]
    case_transition(case_id=case.pk, action="start", actor=clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_cash(case, clerk)
    case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)
    response = upload_to(client, clerk, case, PDF, "licence.pdf", document_type="", role="outcome")
    assert response.status_code == 302
    assert CaseDocument.objects.filter(case=case, role="outcome").count() == 1
    response, _html = post(
        client,
        clerk,
        act_url(case),
        {"action": "complete", "note": "صدرت الرخصة", "expected_version": acted(case).version},
    )
    assert response.status_code == 302
    assert acted(case).state == CaseState.COMPLETED


# --- custody --------------------------------------------------------------------------------------
def test_receiving_and_returning_an_original(client, world):
    case = world["case"]
    response, _html = post(
        client,
        world["clerk"],
        f"/centre/cases/{case.reference}/custody/",
        {"item_type": "passport", "description": "جواز أزرق"},
    )
    assert response.status_code == 302
    item = CustodyItem.objects.get(case=case)
    _response, html = page(client, world["clerk"], f"/centre/cases/{case.reference}/")
    assert "جواز أزرق" in html and "محفوظ" in html
    response, _html = post(
        client, world["clerk"], f"/centre/cases/{case.reference}/custody/{item.pk}/return/", {}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.returned_at is not None
    response, html = post(
        client, world["clerk"], f"/centre/cases/{case.reference}/custody/{item.pk}/return/", {}
    )
    assert response.status_code == 409
    assert "أُعيد هذا الأصل من قبل" in html


def test_an_unknown_custody_item_type_is_refused(client, world):
    case = world["case"]
    response, html = post(
        client, world["clerk"], f"/centre/cases/{case.reference}/custody/", {"item_type": "spaceship"}
    )
    assert response.status_code == 422
    assert "اختر ما سلّمه المواطن" in html
    assert CustodyItem.objects.count() == 0


def test_another_centre_cannot_return_an_original(client, world):
    case = world["case"]
    item = custody_receive(case=case, actor=world["clerk"], item_type="passport")
    response, _html = post(
        client, world["other_clerk"], f"/centre/cases/{case.reference}/custody/{item.pk}/return/", {}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.returned_at is None


# --- the fee --------------------------------------------------------------------------------------
def test_changing_the_government_fee_within_the_range(client, world):
    case = world["case"]
    response, _html = post(
        client,
        world["clerk"],
        f"/centre/cases/{case.reference}/fee/",
        {"government_fee": "10.000", "note": "سنتان"},
    )
    assert response.status_code == 302
    assert acted(case).total == 10000 + 1500 + 75


def test_a_fee_outside_the_range_is_refused(client, world):
    case = world["case"]
    response, html = post(
        client, world["clerk"], f"/centre/cases/{case.reference}/fee/", {"government_fee": "99", "note": "x"}
    )
    assert response.status_code == 422
    assert acted(case).total == 21575
    response, html = post(
        client, world["clerk"], f"/centre/cases/{case.reference}/fee/", {"government_fee": "abc", "note": "x"}
    )
    assert response.status_code == 422
    assert "أدخل المبلغ بالريال" in html


# --- navigation -----------------------------------------------------------------------------------
def test_navigation_leads_each_role_to_its_cases_pages(client, world):
    _response, html = page(client, world["clerk"], "/centre/manage/")
    assert 'href="/centre/"' in html
    header = html.split("</nav>")[0]
    assert header.count('aria-current="page"') == 1  # "My centre" only, not also the console
    _response, html = page(client, world["person"], "/")
    assert 'href="/my/cases/"' in html and 'href="/track/"' in html
    client.logout()
    html = client.get("/").content.decode()
    assert 'href="/track/"' in html and 'href="/my/cases/"' not in html


def test_a_reference_being_typed_narrows_the_list_without_an_error(client, world):
    case = world["case"]
    response, html = page(client, world["clerk"], f"/centre/?q={case.reference[:10]}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert case.reference in html and 'data-testid="search-error"' not in html
