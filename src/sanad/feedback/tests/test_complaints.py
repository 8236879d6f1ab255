import re
from datetime import timedelta

import pytest
import time_machine
from conftest import authed
from django.utils import timezone

from sanad.cases.reference import damm_digit
from sanad.centres.models import Inspection, Violation
from sanad.core.errors import (
    BadRequest,
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from sanad.feedback.models import Complaint, ComplaintAttachment, ComplaintEvent
from sanad.feedback.reference import format_reference, parse_reference
from sanad.feedback.services import (
    complaint_file,
    complaint_record_violation,
    complaint_refund,
    complaint_transition,
    complaints_escalate_overdue,
)
from sanad.notifications.models import Notification
from sanad.payments.models import Refund

from .factories import (
    EXE,
    PDF,
    PNG,
    citizen,
    completed_case,
    licensed_centre,
    manager,
    open_walk_in,
    regulator_user,
    staff,
    upload,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/complaints/"


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
def case(centre, clerk, person):
    return open_walk_in(centre, clerk, person)


@pytest.fixture
def regulator():
    return regulator_user()


def file(person, case=None, centre=None, kind="delay", text="تأخرت المعاملة كثيراً", files=()):
    return complaint_file(
        actor=person,
        kind=kind,
        text=text,
        case_reference=case.reference if case else "",
        centre_id=centre.pk if centre else None,
        files=files,
    )


def act(complaint, action, actor, note="", **kw):
    return complaint_transition(complaint_id=complaint.pk, action=action, actor=actor, note=note, **kw)


def test_references_carry_a_damm_check_digit_and_a_typo_is_rejected():
    reference = format_reference(2026, 123)
    assert reference.startswith("CMP-2026-0000123-")
    assert damm_digit(reference.replace("CMP", "").replace("-", "")) == 0
    assert parse_reference(reference.lower()) == reference
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    with pytest.raises(BadRequest):
        parse_reference(wrong)


def test_a_citizen_files_a_complaint_about_their_case_through_the_api(
    api_client, case, person, django_capture_on_commit_callbacks
):
    client = authed(api_client, person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API,
            {
                "case": case.reference,
                "kind": "overcharging",
                "text": "دفعت أكثر من السعر",
                "attachments": [upload(PDF, "receipt.pdf"), upload(PNG, "price.png")],
            },
            format="multipart",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "received"
    complaint = Complaint.objects.get(reference=body["reference"])
    assert complaint.centre_id == case.centre_id and complaint.case_id == case.pk
    assert complaint.attachments.count() == 2
    assert complaint.due_at is not None
    assert Notification.objects.filter(recipient=person, topic="complaint_update", channel="sms").count() == 1
    detail = client.get(f"{API}{complaint.reference}/").json()
    assert detail["kind"] == "overcharging" and len(detail["events"]) == 1


def test_a_complaint_about_a_centre_needs_no_case(api_client, centre, person):
    response = authed(api_client, person).post(
        API, {"centre": centre.pk, "kind": "conduct", "text": "سوء معاملة"}, format="json"
    )
    assert response.status_code == 201
    assert Complaint.objects.get().case is None


def test_a_complaint_about_someone_elses_case_is_a_404_and_nothing_is_filed(api_client, case):
    response = authed(api_client, citizen()).post(
        API, {"case": case.reference, "kind": "delay", "text": "x"}, format="json"
    )
    assert response.status_code == 404
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "delay", "text": "   "}, "text"),
        ({"kind": "delay", "text": ""}, "text"),
        ({"kind": "nonsense", "text": "x"}, "kind"),
        ({"kind": "delay", "text": "x", "centre": ""}, "centre"),
        ({"kind": "delay", "text": "x", "centre": "999999"}, "centre"),
    ],
)
def test_an_empty_or_invalid_complaint_is_refused_and_nothing_is_filed(api_client, person, body, field):
    response = authed(api_client, person).post(API, body, format="json")
    assert response.status_code in (400, 422)
    assert field in response.json()["errors"]
    assert not Complaint.objects.exists()


def test_a_hostile_attachment_is_refused_and_nothing_is_filed(api_client, case, person):
    response = authed(api_client, person).post(
        API,
        {
            "case": case.reference,
            "kind": "delay",
            "text": "x",
            "attachments": [upload(PDF, "ok.pdf"), upload(EXE, "invoice.pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 422
    assert "invoice.pdf" in str(response.json()["errors"]["files"])
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()


def test_only_citizens_file_complaints(case, clerk):
    with pytest.raises(PermissionDenied):
        file(clerk, centre=case.centre)
    assert not Complaint.objects.exists()


def test_the_workflow_runs_to_a_decision_and_the_citizen_is_told_of_every_step(
    case, person, regulator, centre, django_capture_on_commit_callbacks
):
    boss = manager(centre)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(person, case)
        act(complaint, "assign", regulator)
        act(complaint, "ask_centre", regulator)
        complaint.refresh_from_db()
        assert complaint.centre_response_due_at is not None
        act(complaint, "centre_respond", boss, "تم التواصل مع المواطن")
        act(complaint, "resolve", regulator, "تمت التسوية مع المركز")
    complaint.refresh_from_db()
    assert complaint.state == "resolved" and complaint.decided_at and complaint.assignee == regulator
    assert complaint.centre_response == "تم التواصل مع المواطن"
    assert [e.action for e in complaint.events.all()] == [
        "file",
        "assign",
        "ask_centre",
        "centre_respond",
        "resolve",
    ]
    assert Notification.objects.filter(recipient=person, topic="complaint_update", channel="sms").count() == 5
    assert Notification.objects.filter(recipient=boss, topic="complaint_centre_asked").exists()


def test_transitions_the_workflow_does_not_allow_are_409s(api_client, case, person, regulator):
    complaint = file(person, case)
    response = authed(api_client, regulator).post(
        f"{API}{complaint.reference}/transitions/", {"action": "uphold", "note": "x"}, format="json"
    )
    assert response.status_code == 409
    assert "Received" in response.json()["detail"] or "مستلمة" in response.json()["detail"]
    complaint.refresh_from_db()
    assert complaint.state == "received" and complaint.events.count() == 1


def test_a_decision_needs_a_note(case, person, regulator):
    complaint = file(person, case)
    act(complaint, "assign", regulator)
    act(complaint, "investigate", regulator)
    with pytest.raises(ValidationFailed):
        act(complaint, "uphold", regulator, "  ")
    complaint.refresh_from_db()
    assert complaint.state == "investigating"


def test_a_centre_cannot_close_its_own_complaint(api_client, case, person, regulator, clerk):
    complaint = file(person, case)
    act(complaint, "assign", regulator)
    act(complaint, "investigate", regulator)
    for action in ("dismiss", "resolve", "uphold"):
        response = authed(api_client, clerk).post(
            f"{API}{complaint.reference}/transitions/", {"action": action, "note": "x"}, format="json"
        )
        assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.state == "investigating"


def test_a_centre_sees_only_complaints_about_itself(api_client, case, person, clerk, regulator):
    mine = file(person, case)
    other_centre = licensed_centre(name="مركز آخر")
    theirs = file(person, centre=other_centre)
    client = authed(api_client, clerk)
    listed = [c["reference"] for c in client.get(API).json()["results"]]
    assert listed == [mine.reference]
    assert client.get(f"{API}{theirs.reference}/").status_code == 404
    act(theirs, "assign", regulator)
    act(theirs, "investigate", regulator)
    response = client.post(
        f"{API}{theirs.reference}/transitions/", {"action": "centre_respond", "note": "x"}, format="json"
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.centre_response == ""
    assert len(authed(api_client, regulator).get(API).json()["results"]) == 2
    assert authed(api_client, citizen()).get(API).json()["results"] == []


def test_a_centre_sees_another_centres_complaint_page_as_a_404(client, case, person):
    other = staff(licensed_centre(name="مركز آخر"))
    complaint = file(person, case)
    client.force_login(other)
    assert client.get(f"/centre/complaints/{complaint.reference}/").status_code == 404


def test_an_overdue_complaint_is_escalated_once(case, person, regulator, django_capture_on_commit_callbacks):
    complaint = file(person, case)
    assert complaints_escalate_overdue() == 0
    with (
        time_machine.travel(timezone.now() + timedelta(days=10)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert complaints_escalate_overdue() == 1
        assert complaints_escalate_overdue() == 0
    complaint.refresh_from_db()
    assert complaint.escalations == 1 and complaint.state == "received"
    assert Notification.objects.filter(recipient=regulator, topic="complaint_escalated").exists()


def test_deadlines_follow_the_working_calendar(case, person):
    # Filed on a Thursday afternoon (Muscat): two working days run Sunday and Monday.
    with time_machine.travel("2026-12-03T09:00:00Z"):
        complaint = file(person, case)
    local = timezone.localtime(complaint.due_at)
    assert local.strftime("%A") == "Monday"


def upheld_overcharge(centre, clerk, person, regulator):
    case = completed_case(centre, clerk, person)
    complaint = file(person, case, kind="overcharging", text="طلب مني مبلغ أكثر")
    act(complaint, "assign", regulator)
    act(complaint, "investigate", regulator)
    return case, complaint


def test_an_upheld_overcharging_complaint_refunds_through_payments(client, centre, clerk, person, regulator):
    case, complaint = upheld_overcharge(centre, clerk, person, regulator)
    client.force_login(regulator)
    page = client.get(f"/regulator/complaints/{complaint.reference}/").content.decode()
    assert 'data-testid="overcharge"' in page and 'data-testid="refund-box"' not in page
    with pytest.raises(Conflict):
        complaint_refund(complaint_id=complaint.pk, actor=regulator, centre_fee=500)
    act(complaint, "uphold", regulator, "ثبتت المخالفة")
    refunds = complaint_refund(complaint_id=complaint.pk, actor=regulator, centre_fee=500)
    assert sum(r.centre_fee for r in refunds) == 500 and sum(r.vat for r in refunds) == 25
    assert Refund.objects.filter(case=case).count() == 1
    assert [r.reason for r in refunds] == ["complaint_upheld"]
    assert complaint.events.filter(action="refund").exists()


def test_the_credit_note_of_a_complaint_refund_says_why_in_arabic(
    centre, clerk, person, regulator, client, tmp_path
):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _case, complaint = upheld_overcharge(centre, clerk, person, regulator)
    act(complaint, "uphold", regulator, "ثبتت المخالفة")
    (refund,) = complaint_refund(complaint_id=complaint.pk, actor=regulator, centre_fee=500)
    client.force_login(clerk)
    path = tmp_path / "credit-note.pdf"
    path.write_bytes(client.get(f"/credit-notes/{refund.credit_note.number}.pdf").content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(re.sub("[\u200e\u200f\u202a-\u202e]", "", text).split())
    assert "استرداد رسوم زائدة" in text and "شكوى ثبتت لدى الجهة الرقابية" in text
    assert complaint.reference in text


def test_a_refund_above_what_was_paid_is_refused_and_nothing_changes(centre, clerk, person, regulator):
    case, complaint = upheld_overcharge(centre, clerk, person, regulator)
    act(complaint, "uphold", regulator, "ثبتت")
    with pytest.raises(ValidationFailed):
        complaint_refund(complaint_id=complaint.pk, actor=regulator, centre_fee=case.centre_fee + 1000)
    with pytest.raises(ValidationFailed):
        complaint_refund(complaint_id=complaint.pk, actor=regulator, centre_fee="-5")
    assert not Refund.objects.exists()
    assert not complaint.events.filter(action="refund").exists()


def test_an_upheld_complaint_records_a_violation_on_the_centre(centre, clerk, person, regulator):
    _case, complaint = upheld_overcharge(centre, clerk, person, regulator)
    with pytest.raises(Conflict):
        complaint_record_violation(
            complaint_id=complaint.pk, actor=regulator, severity="major", description="x"
        )
    act(complaint, "uphold", regulator, "ثبتت")
    with pytest.raises(PermissionDenied):
        complaint_record_violation(complaint_id=complaint.pk, actor=clerk, severity="major", description="x")
    with pytest.raises(ValidationFailed):
        complaint_record_violation(
            complaint_id=complaint.pk, actor=regulator, severity="huge", description="x"
        )
    assert not Violation.objects.exists()
    inspection = complaint_record_violation(
        complaint_id=complaint.pk, actor=regulator, severity="major", description="رسوم أعلى من المعلنة"
    )
    assert inspection.kind == "complaint" and inspection.result == "failed"
    assert Violation.objects.get(centre=centre).severity == "major"
    complaint.refresh_from_db()
    assert complaint.inspection == inspection
    with pytest.raises(Conflict):
        complaint_record_violation(
            complaint_id=complaint.pk, actor=regulator, severity="minor", description="again"
        )
    assert Inspection.objects.count() == 1


def test_the_citizen_files_from_the_portal_and_a_mistyped_case_is_a_400(client, case, person):
    client.force_login(person)
    page = client.get(f"/my/complaints/new/?case={case.reference}")
    assert 'data-testid="complaint-form"' in page.content.decode()
    response = client.post("/my/complaints/new/", {"case": case.reference, "kind": "delay", "text": ""})
    assert response.status_code == 422
    assert not Complaint.objects.exists()
    response = client.post("/my/complaints/new/", {"case": case.reference, "kind": "delay", "text": "تأخير"})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert client.get(f"/my/complaints/{complaint.reference}/").status_code == 200
    bad = complaint.reference[:-1] + str((int(complaint.reference[-1]) + 1) % 10)
    assert client.get(f"/my/complaints/{bad}/").status_code == 400


def test_the_regulator_works_the_desk(client, case, person, regulator):
    complaint = file(person, case)
    client.force_login(regulator)
    assert complaint.reference in client.get("/regulator/complaints/").content.decode()
    client.post(
        f"/regulator/complaints/{complaint.reference}/act/", {"action": "assign", "assignee": regulator.pk}
    )
    client.post(f"/regulator/complaints/{complaint.reference}/act/", {"action": "investigate"})
    response = client.post(
        f"/regulator/complaints/{complaint.reference}/act/", {"action": "dismiss", "note": ""}
    )
    assert response.status_code == 422
    complaint.refresh_from_db()
    assert complaint.state == "investigating"
    client.post(f"/regulator/complaints/{complaint.reference}/act/", {"action": "dismiss", "note": "لا دليل"})
    complaint.refresh_from_db()
    assert complaint.state == "dismissed"


def test_the_desk_finds_a_complaint_by_its_or_its_transactions_reference(client, case, person, regulator):
    complaint = file(person, case)
    client.force_login(regulator)
    for typed in (complaint.reference, complaint.reference.lower()[:9], case.reference):
        assert complaint.reference in client.get("/regulator/complaints/", {"q": typed}).content.decode()
    complaint.state = "dismissed"  # found whatever state the desk's list shows by default
    complaint.save(update_fields=["state"])
    assert complaint.reference in client.get("/regulator/complaints/", {"q": case.reference}).content.decode()
    assert complaint.reference not in client.get("/regulator/complaints/").content.decode()
    nothing = client.get("/regulator/complaints/", {"q": "CMP-1999-' OR 1=1"})
    assert nothing.status_code == 200 and complaint.reference not in nothing.content.decode()


def test_events_are_immutable(case, person):
    complaint = file(person, case)
    event = ComplaintEvent.objects.get(complaint=complaint)
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_database_refuses_to_update_or_delete_complaint_events(case, person):
    from django.db import DatabaseError, connection, transaction

    complaint = file(person, case)
    events = ComplaintEvent.objects.filter(complaint=complaint)
    for statement in (
        lambda: events.update(note="edited"),
        lambda: events._raw_delete(connection.alias),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            statement()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE feedback_complaintevent SET note = 'edited' WHERE complaint_id = %s", [complaint.pk]
        )
    assert list(events.values_list("note", flat=True)) == [""]
    assert events.count() == 1


def test_a_not_found_complaint_service_call(person, regulator):
    with pytest.raises(NotFound):
        complaint_transition(complaint_id=99999, action="assign", actor=regulator)


def test_an_unknown_action_is_refused(case, person, regulator):
    complaint = file(person, case)
    with pytest.raises(ValidationFailed):
        act(complaint, "explode", regulator)
    with pytest.raises(InvalidTransition):
        act(complaint, "investigate", regulator)


def test_the_tracking_page_offers_a_complaint_about_the_transaction(client, case, person):
    # Each test has a cache of its own (conftest), so the tracking limit starts fresh; clearing the
    # cache would empty the Redis database other tests share.
    response = client.post(
        "/track/", {"reference": case.reference, "civil_suffix": person.citizen_profile.id_number[-4:]}
    )
    html = response.content.decode()
    assert f"/my/complaints/new/?case={case.reference}" in html
    # Filing needs the citizen signed in: the link leads through the sign-in page.
    assert client.get(f"/my/complaints/new/?case={case.reference}").status_code == 302
    client.force_login(person)
    assert (
        'data-testid="complaint-form"'
        in client.get(f"/my/complaints/new/?case={case.reference}").content.decode()
    )
