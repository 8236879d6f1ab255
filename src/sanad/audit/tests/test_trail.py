"""The trail: every write recorded with before/after, who, from where; reads of personal data;
the chain and the triggers that keep it append-only; the regulator's search."""

import itertools

import pytest
from conftest import authed
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sanad.accounts.tests.twofactor_helpers import sign_in_verified
from sanad.audit import chain
from sanad.audit.context import acting_as
from sanad.audit.models import AuditEntry
from sanad.cases.models import CaseEvent
from sanad.cases.services import case_transition
from sanad.cases.tests.factories import PDF, citizen, licensed_centre, open_walk_in, staff, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen()
    case = open_walk_in(centre, clerk, person)
    return centre, clerk, person, case


def _entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


def test_a_transition_records_the_state_before_and_after_and_who(setting):
    centre, clerk, person, case = setting
    with acting_as(clerk):
        case_transition(case_id=case.pk, action="start", actor=clerk, note="بدأنا")
    update = _entries(object=f"case:{case.reference}", operation="update")[-1]
    assert update.changes["state"] == ["accepted", "in_progress"]
    assert update.actor == clerk.username and update.role == "centre_staff"
    assert update.case_id == case.pk and update.centre_id == centre.pk and update.subject_id == person.pk
    event = _entries(object_type="cases.caseevent", operation="create")[-1]
    assert event.note == "بدأنا" and event.case_id == case.pk
    assert event.changes["to_state"] == [None, "in_progress"]


def test_a_save_that_changes_nothing_writes_no_entry(setting):
    *_rest, case = setting
    case.refresh_from_db()
    before = AuditEntry.objects.count()
    case.save(update_fields=["state"])
    assert AuditEntry.objects.count() == before


def test_a_password_change_is_recorded_without_the_hash(setting):
    _centre, _clerk, person, _case = setting
    person.set_password("another-long-password")
    person.save()
    entry = _entries(object=f"accounts.user:{person.pk}", operation="update")[-1]
    assert entry.changes["password"][1] == "••••"
    assert "pbkdf" not in str(entry.changes) and "md5" not in str(entry.changes)


def test_web_writes_carry_the_client_address_and_ignore_an_untrusted_forwarded_for(client, setting):
    _centre, clerk, _person, case = setting
    client.force_login(clerk)
    client.post(
        f"/centre/cases/{case.reference}/act/",
        {"action": "start", "expected_version": case.version},
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
        HTTP_USER_AGENT="CounterPC/1.0",
    )
    entry = _entries(object=f"case:{case.reference}", operation="update")[-1]
    assert entry.client == "10.1.2.3"
    assert entry.user_agent == "CounterPC/1.0" and entry.channel == "web" and entry.actor == clerk.username


def test_a_trusted_proxy_count_reads_the_forwarded_address(client, settings, setting):
    settings.SANAD_TRUSTED_PROXIES = 1
    _centre, clerk, _person, case = setting
    client.force_login(clerk)
    client.post(
        f"/centre/cases/{case.reference}/act/",
        {"action": "start", "expected_version": case.version},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
    )
    assert _entries(object=f"case:{case.reference}", operation="update")[-1].client == "192.0.2.7"


def test_staff_opening_a_case_and_downloading_a_document_are_recorded_and_shown_to_the_citizen(
    client, setting
):
    from sanad.cases.services import document_upload

    centre, clerk, person, case = setting
    document = document_upload(
        case=case,
        actor=clerk,
        uploaded=upload(PDF, "passport.pdf"),
        document_type_code="eye_test_certificate",
    )
    client.force_login(clerk)
    assert client.get(f"/centre/cases/{case.reference}/").status_code == 200
    assert client.get(f"/cases/{case.reference}/documents/{document.pk}/").status_code == 200
    reads = _entries(case_id=case.pk, operation__in=["read", "download"])
    assert [(e.operation, e.actor) for e in reads] == [("read", clerk.username), ("download", clerk.username)]
    assert centre.name_ar in reads[0].actor_org
    client.force_login(person)
    page = client.get(f"/my/cases/{case.reference}/").content.decode()
    assert 'data-testid="readers-panel"' in page and centre.name_ar in page and "passport.pdf" in page
    # the citizen opening their own case is not listed as a reader
    assert AuditEntry.objects.filter(case_id=case.pk, operation="read", actor_id=person.pk).count() == 0


def test_the_regulator_opening_a_case_through_the_api_is_recorded(api_client, regulator, setting):
    *_rest, case = setting
    assert authed(api_client, regulator).get(f"/api/v1/cases/{case.reference}/").status_code == 200
    assert _entries(case_id=case.pk, operation="read")[-1].actor == regulator.username


def test_the_chain_links_every_row_and_verify_passes(setting):
    assert AuditEntry.objects.filter(hash__isnull=True).count() > 3  # written unsealed
    checked, broken = chain.verify()  # seals first
    assert broken is None and checked == AuditEntry.objects.count() > 3
    rows = list(AuditEntry.objects.order_by("seq"))
    assert rows[0].prev_hash == chain.GENESIS and rows[0].seq == 1
    assert all(b.prev_hash == a.hash and b.seq == a.seq + 1 for a, b in itertools.pairwise(rows))
    call_command("audit_verify")


def test_the_database_refuses_to_update_or_delete_audit_rows_and_case_events(setting):
    *_rest, case = setting
    entry = AuditEntry.objects.first()
    for statement in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(note="edited"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: CaseEvent.objects.filter(case=case).update(note="edited"),
        lambda: CaseEvent.objects.filter(case=case)._raw_delete(connection.alias),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            statement()
    entry.refresh_from_db()
    assert entry.note == "" and CaseEvent.objects.filter(case=case, note="edited").count() == 0


def _drop_trigger_and_tamper(entry_id: int):
    """What someone with direct database access could do: remove the guard, change a row."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_auditentry_no_update")
        cursor.execute("UPDATE audit_auditentry SET actor = 'someone-else' WHERE id = %s", [entry_id])


def test_a_tampered_row_is_named_by_audit_verify(setting):
    chain.seal()
    victim = _entries()[2]
    _drop_trigger_and_tamper(victim.id)
    checked, broken = chain.verify()
    assert broken is not None and broken.id == victim.id and checked == victim.seq - 1
    with pytest.raises(CommandError, match=f"row {victim.id}"):
        call_command("audit_verify")


def _drop_trigger_and_run(*statements):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_auditentry_no_update")
            cursor.execute("DROP TRIGGER audit_auditentry_no_delete")
        for sql, params in statements:
            cursor.execute(sql, params)


def test_a_deleted_sealed_row_is_named_by_audit_verify(setting):
    chain.seal()
    victim = _entries()[3]
    _drop_trigger_and_run(("DELETE FROM audit_auditentry WHERE id = %s", [victim.id]))
    checked, broken = chain.verify()
    assert broken is not None and checked == victim.seq - 1
    assert f"entry {victim.seq} of the chain is missing" in broken.reason


def test_two_sealed_rows_swapped_are_named_by_audit_verify(setting):
    chain.seal()
    first, second = _entries()[1:3]
    _drop_trigger_and_run(
        ("UPDATE audit_auditentry SET seq = -1 WHERE id = %s", [first.id]),
        ("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [first.seq, second.id]),
        ("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [second.seq, first.id]),
    )
    checked, broken = chain.verify()
    assert broken is not None and broken.id == second.id and checked == first.seq - 1


def test_rows_are_written_unsealed_and_the_sealer_links_them_in_id_order(setting):
    _centre, clerk, _person, case = setting
    chain.seal()
    head = chain.chain_head()
    case_transition(case_id=case.pk, action="start", actor=clerk)
    fresh = list(AuditEntry.objects.filter(hash__isnull=True).order_by("id"))
    assert len(fresh) == 2 and all(e.seq is None and e.prev_hash == "" for e in fresh)
    assert chain.seal() == 2 and chain.seal() == 0
    sealed = list(AuditEntry.objects.filter(pk__in=[e.pk for e in fresh]).order_by("seq"))
    assert [e.pk for e in sealed] == [e.pk for e in fresh]
    assert sealed[0].prev_hash == head["hash"] and sealed[1].prev_hash == sealed[0].hash
    assert chain.chain_head() == {"id": sealed[1].pk, "hash": sealed[1].hash}
    assert chain.verify()[1] is None


def test_the_trigger_allows_the_seal_and_nothing_else_on_an_unsealed_row(setting):
    entry = AuditEntry.objects.filter(hash__isnull=True).order_by("id").first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(note="edited", seq=10**9, hash="a" * 64)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(note="edited")
    chain.seal()
    entry.refresh_from_db()
    assert entry.note == "" and entry.hash
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(hash="b" * 64)  # a seal happens once


def test_audit_rows_of_a_rolled_back_savepoint_are_not_written(setting):
    _centre, clerk, _person, case = setting
    from sanad.cases.locking import locked_case

    before = AuditEntry.objects.count()
    with locked_case(case.pk, clerk) as locked:
        try:
            with transaction.atomic():
                locked.institution_reference = "X-1"
                locked.save(update_fields=["institution_reference"])
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        locked.decision_note = "kept"
        locked.save(update_fields=["decision_note"])
    rows = list(AuditEntry.objects.order_by("id"))[before:]
    assert [list(r.changes) for r in rows] == [["decision_note"]]


def test_audit_seal_command_seals_and_prints_the_head(setting):
    from io import StringIO

    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert "sealed" in out.getvalue() and AuditEntry.objects.filter(hash__isnull=True).count() == 0


def test_a_write_rolled_back_leaves_the_chain_intact(setting):
    _centre, clerk, _person, case = setting
    try:
        with transaction.atomic():
            case_transition(case_id=case.pk, action="start", actor=clerk)
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    case_transition(case_id=case.pk, action="start", actor=clerk)
    assert chain.verify()[1] is None


def test_admin_edits_are_recorded_as_admin(client, regulator):
    from sanad.centres.models import PublicHoliday

    holiday = PublicHoliday.objects.create(date="2031-07-23", name_ar="يوم النهضة", name_en="Renaissance")
    sign_in_verified(client, regulator)
    response = client.post(
        f"/admin/centres/publicholiday/{holiday.pk}/change/",
        {"date": "2031-07-23", "name_ar": "يوم النهضة", "name_en": "Renaissance Day"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302
    entry = _entries(object=f"centres.publicholiday:{holiday.pk}", operation="update")[-1]
    assert entry.channel == "admin" and entry.actor == regulator.username and entry.client == "10.9.9.9"
    assert entry.changes == {"name_en": ["Renaissance", "Renaissance Day"]}
