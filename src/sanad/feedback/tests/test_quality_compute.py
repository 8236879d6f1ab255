"""The monthly figures are counted from the raw rows, and the index is computed, shown and ranked."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from sanad.feedback.models import CentreMonthFigures, QualityScore
from sanad.feedback.services import figures_compute, quality_compute, rating_create

from .factories import SCORES, citizen, completed_case, licensed_centre, staff

pytestmark = pytest.mark.django_db
# The cases are completed now (staff and licences are dated from today), so the month is this one.
MONTH = timezone.localdate().replace(day=1)


@pytest.fixture
def world():
    centre = licensed_centre()
    clerk = staff(centre)
    cases = [completed_case(centre, clerk, citizen()) for _ in range(5)]
    for case in cases[:3]:
        rating_create(actor=case.citizen, reference=case.reference, data={**SCORES, "overall": 5})
    quiet = licensed_centre(name="مركز هادئ", wilayat_code="OM-MA-SEEB")
    return centre, quiet, cases


def test_figures_count_the_months_cases_and_ratings(world):
    centre, _quiet, _cases = world
    figures_compute(month=MONTH)
    row = CentreMonthFigures.objects.get(centre=centre, month=MONTH)
    assert (row.cases_decided, row.cases_completed, row.cases_on_time) == (5, 5, 5)
    assert (row.ratings, row.overall_sum, row.speed_sum) == (3, 15, 15)
    figures_compute(month=MONTH)  # idempotent
    assert CentreMonthFigures.objects.filter(centre=centre).count() == 1


def test_the_index_is_computed_shown_and_ranked(world, api_client, client):
    centre, quiet, _cases = world
    assert quality_compute(period=MONTH) == 1
    score = QualityScore.objects.get(centre=centre)
    # satisfaction 5/5 → 100, on time 100, send-backs 0 → 100, complaints 0 → 100, no inspection
    assert score.index == 100 and score.grade == "A"
    assert QualityScore.objects.get(centre=quiet).index is None

    body = api_client.get(f"/api/v1/centres/{centre.pk}/").json()
    assert body["quality"]["index"] == 100.0 and body["quality"]["grade"] == "A"
    assert body["quality"]["period"] == MONTH.strftime("%Y-%m")
    assert body["quality"]["formula_version"] == 2
    assert set(body["quality"]["components"]) == {
        "satisfaction",
        "on_time",
        "send_backs",
        "complaints",
        "inspection",
        "waiting",
    }
    assert body["quality"]["components"]["waiting"]["score"] is None  # no queue tickets
    none = api_client.get(f"/api/v1/centres/{quiet.pk}/").json()["quality"]
    assert none["index"] is None and none["reason"] == "not_enough_data"
    assert none["reason_text"] == "لا تكفي البيانات: أقل من 5 معاملات مبتوت فيها خلال الشهر."

    ranking = api_client.get("/api/v1/stats/quality/?governorate=OM-MA").json()
    assert ranking["period"] == MONTH.strftime("%Y-%m")
    assert [r["centre"] for r in ranking["results"]][:1] == [centre.pk]
    assert ranking["results"][0]["rank"] == 1 and ranking["results"][0]["rank_in_governorate"] == 1
    assert api_client.get("/api/v1/stats/quality/?governorate=XX").status_code == 422

    page = client.get(f"/centres/{centre.pk}/").content.decode()
    assert 'data-testid="quality-badge"' in page
    found = client.get("/centres/?sort=quality").content.decode()
    assert found.index(centre.name_ar) < found.index(quiet.name_ar)


def test_the_formula_page_is_public_and_shows_every_version(client):
    body = client.get("/quality/").content.decode()
    assert 'data-testid="formula-1"' in body and 'data-testid="formula-2"' in body
    assert body.index('data-testid="formula-2"') < body.index('data-testid="formula-1"')  # newest first
    assert "قِصر الانتظار" in body and "خلال 20 دقيقة" in body


def tickets(centre, waits_minutes, *, uncalled=0):
    """Queue tickets called to a counter after waiting these many minutes (and some never called)."""
    from datetime import timedelta

    from sanad.queueing.models import Line, Ticket

    line = Line.objects.create(centre=centre, code="A", name_ar="أ", name_en="A")
    now = timezone.now()
    day = timezone.localdate()
    rows = [
        Ticket(
            centre=centre,
            line=line,
            day=day,
            number=i + 1,
            source="kiosk",
            state="done",
            issued_at=now - timedelta(minutes=wait),
            queued_at=now - timedelta(minutes=wait),
            called_at=now,
            first_called_at=now,
            finished_at=now,
        )
        for i, wait in enumerate(waits_minutes)
    ]
    rows += [
        Ticket(centre=centre, line=line, day=day, number=len(rows) + i + 1, source="kiosk", state="cancelled")
        for i in range(uncalled)
    ]
    Ticket.objects.bulk_create(rows)


def test_the_month_counts_queue_waits_and_version_2_scores_them(world):
    centre, _quiet, _cases = world
    tickets(centre, [10] * 9 + [30] * 3, uncalled=2)
    figures_compute(month=MONTH)
    row = CentreMonthFigures.objects.get(centre=centre, month=MONTH)
    # 12 tickets called (the 2 never called have no wait); 9 within 20 minutes; 9·600 + 3·1800 s
    assert (row.tickets_called, row.tickets_on_time, row.wait_seconds_sum) == (12, 9, 10800)
    quality_compute(period=MONTH)
    score = QualityScore.objects.get(centre=centre, formula_version=2)
    # satisfaction 100, on time 100, send-backs 100, complaints 100, no inspection,
    # waiting 9/12 = 0.75 → 50: (0.25·100 + 0.25·100 + 0.10·100 + 0.20·100 + 0.10·50) / 0.90 = 94.44… → 94.4 (A)
    assert score.components["waiting"] == {"weight": 0.1, "value": 0.75, "score": 50.0}
    assert score.index == Decimal("94.4") and score.grade == "A"


def test_figures_published_under_version_1_stay_reproducible(world):
    from django.core.management import call_command

    centre, _quiet, _cases = world
    tickets(centre, [10] * 9 + [30] * 3)
    call_command("quality_compute", month=MONTH.strftime("%Y-%m"), formula=1, stdout=io.StringIO())
    published = QualityScore.objects.get(centre=centre, formula_version=1)
    assert published.index == 100 and "waiting" not in published.components
    quality_compute(period=MONTH)  # the version in force, beside it
    assert QualityScore.objects.get(centre=centre, formula_version=2).index == Decimal("94.4")
    call_command("quality_compute", month=MONTH.strftime("%Y-%m"), formula=1, stdout=io.StringIO())
    again = QualityScore.objects.get(centre=centre, formula_version=1)
    assert (again.index, again.grade, again.components) == (
        published.index,
        published.grade,
        published.components,
    )
    # The pages and the API show the version in force.
    assert QualityScore.objects.filter(centre=centre).count() == 2


def test_the_command_refuses_a_bad_month_or_an_unknown_version():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("quality_compute", month="2026/11")
    with pytest.raises(CommandError, match="known: \\[1, 2\\]"):
        call_command("quality_compute", month="2026-11", formula=9)
    assert not QualityScore.objects.exists()


def test_the_manager_sees_components_and_the_regulator_the_ranking(world, client):
    from sanad.centres.constants import StaffRole
    from sanad.feedback.tests.factories import regulator_user

    centre, _quiet, _cases = world
    quality_compute(period=MONTH)
    boss = staff(centre, role=StaffRole.MANAGER)
    client.force_login(boss)
    page = client.get("/centre/quality/").content.decode()
    assert 'data-testid="components"' in page
    client.force_login(staff(centre))
    assert client.get("/centre/quality/").status_code == 403
    client.force_login(regulator_user())
    page = client.get("/regulator/quality/?governorate=OM-MA").content.decode()
    assert centre.name_ar in page


def test_the_published_month_is_the_last_complete_one_once_there_is_one(world):
    from sanad.feedback.selectors import centre_score, latest_period
    from sanad.feedback.services.quality import add_months

    centre, _quiet, _cases = world
    quality_compute(period=MONTH)
    assert latest_period() == MONTH  # only the provisional month so far: shown rather than nothing
    before = add_months(MONTH, -1)
    quality_compute(period=before)
    # The month that has ended is the published one; the current month stays provisional.
    assert latest_period() == before and centre_score(centre.pk).period == before
    assert latest_period(today=add_months(MONTH, 1)) == MONTH
    assert centre_score(centre.pk, MONTH).index == 100
