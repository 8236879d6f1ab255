"""The monthly figures are counted from the raw rows, and the index is computed, shown and ranked."""

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
    assert set(body["quality"]["components"]) == {
        "satisfaction",
        "on_time",
        "send_backs",
        "complaints",
        "inspection",
    }
    none = api_client.get(f"/api/v1/centres/{quiet.pk}/").json()["quality"]
    assert none["index"] is None and none["reason"] == "not_enough_data"

    ranking = api_client.get("/api/v1/stats/quality/?governorate=OM-MA").json()
    assert ranking["period"] == MONTH.strftime("%Y-%m")
    assert [r["centre"] for r in ranking["results"]][:1] == [centre.pk]
    assert ranking["results"][0]["rank"] == 1 and ranking["results"][0]["rank_in_governorate"] == 1
    assert api_client.get("/api/v1/stats/quality/?governorate=XX").status_code == 422

    page = client.get(f"/centres/{centre.pk}/").content.decode()
    assert 'data-testid="quality-badge"' in page
    found = client.get("/centres/?sort=quality").content.decode()
    assert found.index(centre.name_ar) < found.index(quiet.name_ar)


def test_the_formula_page_is_public(client):
    body = client.get("/quality/").content.decode()
    assert 'data-testid="formula-1"' in body


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
