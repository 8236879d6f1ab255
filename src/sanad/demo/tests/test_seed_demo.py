import pytest
from django.core.management import call_command

from sanad.accounts.models import User
from sanad.cases.models import Case, CaseEvent
from sanad.cases.reference import parse_reference
from sanad.centres.models import Centre

pytestmark = pytest.mark.django_db


def counts():
    return (User.objects.count(), Centre.objects.count(), Case.objects.count(), CaseEvent.objects.count())


def test_seed_demo_builds_a_year_of_history_and_is_idempotent():
    call_command("seed_demo", cases=400, no_progress=True)
    first = counts()
    call_command("seed_demo", cases=400, no_progress=True)
    assert counts() == first
    assert Case.objects.count() == 400
    states = set(Case.objects.values_list("state", flat=True))
    assert {"closed", "cancelled"} <= states and len(states) >= 4
    for case in Case.objects.all()[:50]:
        assert parse_reference(case.reference) == case.reference
        assert case.total == case.government_fee + case.centre_fee + case.vat
        assert case.events.first().action == "open"
    assert Case.objects.filter(citizen__username="demo-citizen").exists()
    # --cases tops the history up without duplicating what is there.
    call_command("seed_demo", cases=600, no_progress=True)
    assert Case.objects.count() == 600
    assert len(set(Case.objects.values_list("reference", flat=True))) == 600


def test_seed_demo_adds_ratings_complaints_and_the_quality_index_once():
    from sanad.feedback.models import Complaint, QualityScore, Rating, RatingInvitation

    call_command("seed_demo", cases=600, no_progress=True)
    shape = (Rating.objects.count(), Complaint.objects.count(), QualityScore.objects.count())
    assert shape[0] > 50 and shape[1] > 0 and shape[2] > 0
    assert set(Complaint.objects.values_list("state", flat=True)) & {"upheld", "dismissed", "resolved"}
    assert RatingInvitation.objects.filter(case__citizen__username="demo-citizen").exists()
    call_command("seed_demo", cases=600, no_progress=True)
    assert (Rating.objects.count(), Complaint.objects.count(), QualityScore.objects.count()) == shape


def test_seeded_history_is_consistent_with_its_rollups_receipts_and_audit_trail():
    from django.db.models import Count, Max, Min

    from sanad.analytics.services import stats_differences
    from sanad.audit.models import AuditEntry
    from sanad.payments.models import Payment, Receipt

    call_command("seed_demo", cases=500, no_progress=True)
    assert stats_differences() == []
    assert Receipt.objects.count() == Payment.objects.count() > 0
    for row in Receipt.objects.values("centre_id", "year").annotate(
        n=Count("id"), lo=Min("sequence"), hi=Max("sequence")
    ):
        assert row["lo"] == 1 and row["hi"] == row["n"]  # gapless per centre and year
    loads = AuditEntry.objects.filter(
        object_type="cases.case", actor="system", operation="create", object_id=""
    )
    assert loads.exists()
    assert sum(entry.changes["imported"]["cases.case"] for entry in loads) == 500
    assert AuditEntry.objects.filter(object="bulk:payments.payment", channel="system").exists()
    # One open case was walked through the counter by real services: its own trail holds the
    # clerk's writes and the regulator's read.
    read = AuditEntry.objects.filter(actor="demo-regulator", operation="read").first()
    assert read is not None and read.object.startswith("case:")
    case = Case.objects.get(reference=read.object.removeprefix("case:"))
    # (the demo clerk's, or with this small history another centre's clerk)
    clerk_writes = AuditEntry.objects.filter(case_id=case.pk, role="centre_staff").exclude(operation="read")
    assert {"create", "update"} <= set(clerk_writes.values_list("operation", flat=True))
