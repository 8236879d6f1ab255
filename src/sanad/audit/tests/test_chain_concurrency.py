"""Real threads against PostgreSQL: writers in different centres never wait for each other's audit
rows (there is no chain lock on the write path), and sealing while they write keeps the chain whole."""

import threading

import pytest
from django.db import connection, connections, transaction

from sanad.audit import chain
from sanad.audit.models import AuditEntry
from sanad.cases.services import case_transition
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT = 30  # seconds: only a guard against a hang, never a measure


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is nothing to show")


def _cases(n):
    out = []
    for _ in range(n):
        centre = licensed_centre()
        clerk = staff(centre)
        out.append((open_walk_in(centre, clerk, citizen()), clerk))
    return out


def _thread(target):
    def run():
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_writer_commits_while_another_holds_its_audited_transaction_open():
    (first_case, first_clerk), (second_case, second_clerk) = _cases(2)
    written, second_done = threading.Event(), threading.Event()
    errors = []

    def slow():
        try:
            with transaction.atomic():
                case_transition(case_id=first_case.pk, action="start", actor=first_clerk)
                written.set()  # its audit rows are written, its transaction still open
                if not second_done.wait(WAIT):
                    errors.append("the second writer waited for the first one's transaction")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))

    def quick():
        try:
            assert written.wait(WAIT)
            case_transition(case_id=second_case.pk, action="start", actor=second_clerk)
            second_done.set()
        except Exception as exc:  # pragma: no cover
            errors.append(repr(exc))

    threads = [_thread(slow), _thread(quick)]
    for thread in threads:
        thread.join(WAIT * 2)
    assert errors == []
    assert chain.verify()[1] is None
    objects = set(AuditEntry.objects.values_list("object", flat=True))
    assert {f"case:{first_case.reference}", f"case:{second_case.reference}"} <= objects


def test_sealing_while_writers_write_seals_every_row_once_in_one_unbroken_chain():
    pairs = _cases(4)
    stop = threading.Event()
    errors = []

    def writer(case, clerk):
        try:
            for action, note in (("start", ""), *(("send_back", "صورة أوضح"), ("respond", "")) * 4):
                case_transition(case_id=case.pk, action=action, actor=clerk, note=note)
        except Exception as exc:  # pragma: no cover
            errors.append(repr(exc))

    def sealer():
        try:
            while not stop.is_set():
                chain.seal()
        except Exception as exc:  # pragma: no cover
            errors.append(repr(exc))

    sealing = _thread(sealer)
    writers = [_thread(lambda c=c, k=k: writer(c, k)) for c, k in pairs]
    for thread in writers:
        thread.join(WAIT * 4)
    stop.set()
    sealing.join(WAIT)
    assert errors == []
    checked, broken = chain.verify()
    assert broken is None and checked == AuditEntry.objects.count()
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
