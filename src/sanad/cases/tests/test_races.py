"""The races the hardening review reproduced, on PostgreSQL with real threads. Each test holds one
writer inside its critical section (an Event with a timeout: a pause, never an assertion about time)
while the other writer runs; with the case lock the second writer waits and the invariant holds,
without it the test fails. Skipped on SQLite, which serialises every writer anyway."""

import contextlib
import threading

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection, connections

from sanad.cases import workflow
from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseDocument, CustodyItem
from sanad.cases.services import case_transition, custody_receive, document_upload
from sanad.core.errors import Conflict

from .factories import PDF, citizen, licensed_centre, open_walk_in, pay_in_full, staff, upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PAUSE = 3  # seconds the first writer holds its critical section open for the second one


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")


def run_threads(*functions):
    results = [None] * len(functions)

    def runner(i, func):
        try:
            results[i] = ("ok", func())
        except Exception as exc:
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_uploads_of_the_same_document_type_leave_one_current_version(monkeypatch):
    centre = licensed_centre()
    clerk = staff(centre)
    case = open_walk_in(centre, clerk, citizen())
    both_inside = threading.Barrier(2)
    real_save = FileSystemStorage.save

    def save_when_both_are_inside(self, name, content, max_length=None):
        with contextlib.suppress(threading.BrokenBarrierError):
            both_inside.wait(timeout=PAUSE)  # without a lock both writers meet here
        return real_save(self, name, content, max_length=max_length)

    monkeypatch.setattr(FileSystemStorage, "save", save_when_both_are_inside)

    def send(name):
        return document_upload(
            case=case, actor=clerk, uploaded=upload(PDF, name), document_type_code="eye_test_certificate"
        ).pk

    results = run_threads(lambda: send("first.pdf"), lambda: send("second.pdf"))
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    documents = CaseDocument.objects.filter(case=case, document_type__code="eye_test_certificate")
    assert documents.count() == 2
    assert documents.filter(is_current=True).count() == 1
    older = documents.get(is_current=False)
    assert documents.get(is_current=True).replaces_id == older.pk


def _completed_case():
    centre = licensed_centre()
    clerk = staff(centre)
    case = open_walk_in(centre, clerk, citizen())
    case_transition(case_id=case.pk, action="start", actor=clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_in_full(case, clerk)
    case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)
    document_upload(case=case, actor=clerk, uploaded=upload(PDF, "out.pdf"), role="outcome")
    case_transition(case_id=case.pk, action="complete", actor=clerk, note="ok")
    return case, clerk


def test_an_original_cannot_be_taken_into_custody_while_the_case_closes(monkeypatch):
    case, clerk = _completed_case()
    checked, received = threading.Event(), threading.Event()
    real_guard = workflow.GUARDS["no_originals_held"]

    def guard_then_hold(case):
        real_guard(case)
        checked.set()
        received.wait(timeout=PAUSE)  # without a lock the custody write lands now

    monkeypatch.setitem(workflow.GUARDS, "no_originals_held", guard_then_hold)

    def close():
        return case_transition(case_id=case.pk, action="close", actor=clerk).state

    def hand_over():
        checked.wait(timeout=PAUSE * 2)
        try:
            return custody_receive(case=case, actor=clerk, item_type="driving_licence").pk
        finally:
            received.set()

    results = run_threads(close, hand_over)
    state = Case.objects.get(pk=case.pk).state
    held = CustodyItem.objects.filter(case=case, returned_at__isnull=True).count()
    assert not (state == CaseState.CLOSED and held), "a closed case holds an original"
    assert results[0] == ("ok", CaseState.CLOSED)
    assert results[1][0] == "error" and isinstance(results[1][1], Conflict)
