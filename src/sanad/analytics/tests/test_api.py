import csv
import io

import pytest
from django.utils import timezone

from sanad.analytics.models import DailyStat
from sanad.cases.models import Case
from sanad.cases.services import case_transition
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

from .conftest import officer_of
from .factories import random_history

pytestmark = pytest.mark.django_db
NATIONAL = "/api/v1/stats/national/"


def test_the_national_figures_count_every_case_and_governorates_sum_to_the_totals(as_regulator, monkeypatch):
    random_history(seed=11, cases=25, monkeypatch=monkeypatch)
    year = timezone.localdate().year
    body = as_regulator.get(NATIONAL, {"from": f"{year - 1}-01-01", "to": f"{year}-12-31"}).json()
    assert body["cases"] == Case.objects.count() == 25
    for key in ("cases", "centres_licensed", "jobs"):
        assert sum(row[key] for row in body["by_governorate"]) == body[key]
    assert sum(row["cases"] for row in body["by_month"]) == body["cases"]
    assert sum(row["cases"] for row in body["by_institution"]) == body["cases"]
    assert body["completed"] == Case.objects.filter(events__action="complete").count()
    assert set(body["fees"]) == {"centre", "government", "vat"}
    assert body["jobs"] == 2 and body["jobs_women"] == 2
    assert body["period"] == {"from": f"{year - 1}-01-01", "to": f"{year}-12-31"}


def test_a_ragged_period_reads_the_daily_rows_for_its_ends_and_agrees_with_them(as_regulator, monkeypatch):
    random_history(seed=12, cases=30, monkeypatch=monkeypatch)
    days = sorted(DailyStat.objects.values_list("day", flat=True).distinct())
    start, end = days[3], days[-4]
    body = as_regulator.get(NATIONAL, {"from": start.isoformat(), "to": end.isoformat()}).json()
    expected = sum(DailyStat.objects.filter(day__range=(start, end)).values_list("opened", flat=True))
    assert body["cases"] == expected


def test_a_case_opened_or_completed_shows_in_the_regulators_figures_at_once(as_regulator):
    centre = licensed_centre()
    clerk = staff(centre)
    before = as_regulator.get(NATIONAL).json()
    case = open_walk_in(centre, clerk, citizen())
    after_open = as_regulator.get(NATIONAL).json()
    assert after_open["cases"] == before["cases"] + 1
    assert after_open["cases_this_year"] == before["cases_this_year"] + 1
    case_transition(case_id=case.pk, action="cancel", actor=clerk, note="طلب المواطن")
    assert as_regulator.get(NATIONAL).json()["cancelled"] == before["cancelled"] + 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-05-01", "to": "2026-04-01"}, "to"),
        ({"from": "2026-13-01"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"from": "2010-01-01", "to": "2026-12-31"}, "from"),
        ({"governorate": "OM-XX"}, "governorate"),
        ({"wilayat": "nowhere"}, "wilayat"),
        ({"institution": "NOPE"}, "institution"),
        ({"service": "NO-SUCH-SERVICE"}, "service"),
        ({"governorate": "OM-ZU", "wilayat": "OM-MA-01"}, "wilayat"),
        ({"format": "csv", "table": "everything"}, "table"),
    ],
)
def test_bad_filters_are_a_400_that_names_the_field(as_regulator, query, field):
    from sanad.geo.models import Wilayat

    if query.get("wilayat") == "OM-MA-01":
        query = {**query, "wilayat": Wilayat.objects.filter(governorate__code="OM-MA").first().code}
    response = as_regulator.get(NATIONAL, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert field in body["errors"] and body["detail"]


def test_a_period_of_exactly_ten_years_is_accepted(as_regulator):
    assert as_regulator.get(NATIONAL, {"from": "2017-01-01", "to": "2026-12-31"}).status_code == 200


def test_national_figures_are_for_the_regulator_only(api):
    centre = licensed_centre()
    api.force_authenticate(staff(centre))
    assert api.get(NATIONAL).status_code == 403
    api.force_authenticate(None)
    assert api.get(NATIONAL).status_code in (401, 403)


def test_staff_read_their_own_centre_and_get_404_for_another(api):
    mine, other = licensed_centre(), licensed_centre(name="مركز آخر")
    clerk = staff(mine)
    open_walk_in(mine, clerk, citizen())
    api.force_authenticate(clerk)
    response = api.get(f"/api/v1/stats/centres/{mine.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["cases"] == 1 and body["by_clerk"][0]["opened"] == 1
    assert body["wilayat_median"]["centres"] == 2
    assert api.get(f"/api/v1/stats/centres/{other.pk}/").status_code == 404
    assert api.get("/api/v1/stats/centres/999999/").status_code == 404


def test_officers_read_their_own_institution_and_get_404_for_another(api):
    centre = licensed_centre()
    open_walk_in(centre, staff(centre), citizen())
    api.force_authenticate(officer_of("ROP"))
    body = api.get("/api/v1/stats/institutions/ROP/").json()
    assert body["cases"] == 1 and body["by_service"][0]["code"] == "ROP-DL-RENEW"
    assert api.get("/api/v1/stats/institutions/MOH/").status_code == 404
    assert api.get("/api/v1/stats/institutions/NOPE/").status_code == 404


def test_the_regulator_reads_any_centre_and_institution(as_regulator):
    centre = licensed_centre()
    assert as_regulator.get(f"/api/v1/stats/centres/{centre.pk}/").status_code == 200
    assert as_regulator.get("/api/v1/stats/institutions/ROP/").status_code == 200


def test_each_table_exports_as_csv_and_xlsx(as_regulator, monkeypatch):
    from openpyxl import load_workbook

    random_history(seed=13, cases=8, monkeypatch=monkeypatch)
    response = as_regulator.get(NATIONAL, {"format": "csv", "table": "by_governorate"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["code", "name_ar", "name_en"] and len(rows) == 12
    assert sum(int(r[rows[0].index("cases")]) for r in rows[1:]) == 8
    response = as_regulator.get(NATIONAL, {"format": "xlsx", "table": "by_service"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(1, 1).value == "code" and sheet.cell(2, 1).value == "ROP-DL-RENEW"


def test_a_huge_export_streams_row_by_row(as_regulator, monkeypatch):
    """The daily export is a generator over a server-side iterator: nothing is built in memory."""
    random_history(seed=14, cases=20, monkeypatch=monkeypatch)
    response = as_regulator.get(
        NATIONAL, {"format": "csv", "table": "daily", "from": "2020-01-01", "to": "2029-12-31"}
    )
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) == DailyStat.objects.count() + 2  # byte-order mark, header, one chunk per row
    xlsx = as_regulator.get(
        NATIONAL, {"format": "xlsx", "table": "daily", "from": "2020-01-01", "to": "2029-12-31"}
    )
    assert xlsx.streaming and xlsx.status_code == 200


def test_a_bad_filter_on_an_export_is_still_a_problem_json_400(as_regulator):
    response = as_regulator.get(NATIONAL, {"format": "csv", "from": "2026-05-01", "to": "2026-01-01"})
    assert response.status_code == 400
    assert response.json()["errors"]["to"]
