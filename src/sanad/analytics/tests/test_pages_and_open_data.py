import csv
import io
import json

import pytest

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.analytics.opendata import SUPPRESSED
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff
from sanad.centres.constants import StaffRole

from .conftest import officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_and_two():
    """Five cases at a Muscat centre, two at a Dhofar centre (a small cell)."""
    muscat = licensed_centre()
    dhofar = licensed_centre(name="مركز ظفار", wilayat_code=_wilayat("OM-ZU"))
    clerk_m, clerk_d = staff(muscat), staff(dhofar)
    for _ in range(5):
        open_walk_in(muscat, clerk_m, citizen())
    for _ in range(2):
        open_walk_in(dhofar, clerk_d, citizen())
    return muscat, dhofar


def _wilayat(code):
    from sanad.geo.models import Wilayat

    return Wilayat.objects.filter(governorate__code=code).values_list("code", flat=True).first()


def test_the_regulator_lands_on_the_national_dashboard_after_signing_in(client):
    from sanad.accounts.tests.twofactor_helpers import current_code, enrolled_device

    device = enrolled_device(UserFactory(role=Role.REGULATOR, username="reg", password="a-long-pass-phrase"))
    client.post("/login/", {"username": "reg", "password": "a-long-pass-phrase"})
    response = client.post("/login/verify/", {"code": current_code(device)})  # the second factor
    assert response.status_code == 302 and response["Location"] == "/regulator/"


def test_the_dashboard_shows_the_national_figures_in_arabic(client, regulator, five_and_two):
    client.force_login(regulator)
    html = client.get("/regulator/").content.decode()
    assert "مراكز سند بالأرقام" in html and "المراكز المرخّصة" in html
    assert 'data-testid="cases-this-year">7<' in html
    assert "geo/oman-governorates.geojson" in html and "chart.umd.min.js" in html
    assert "format=xlsx" in html and "table=by_wilayat" in html


def test_a_bad_period_on_the_dashboard_is_explained_with_a_400(client, regulator):
    client.force_login(regulator)
    response = client.get("/regulator/", {"from": "2026-09-01", "to": "2026-01-01"})
    assert response.status_code == 400
    assert "تنتهي الفترة" in response.content.decode()


def test_the_dashboard_is_not_for_other_roles(client):
    centre = licensed_centre()
    client.force_login(staff(centre))
    assert client.get("/regulator/").status_code == 403  # an area not for this account (the refusal policy)


def test_the_cases_list_filters_by_governorate_and_counts(client, regulator, five_and_two):
    client.force_login(regulator)
    html = client.get("/cases/", {"governorate": "OM-ZU"}).content.decode()
    assert html.count('data-testid="supervised-case"') == 2
    assert "معاملتان" in html
    html = client.get(
        "/cases/", {"institution": "ROP", "from": "2022-01-01", "to": "2030-12-31"}
    ).content.decode()
    assert html.count('data-testid="supervised-case"') == 7
    html = client.get("/cases/", {"from": "2030-01-01", "to": "2030-12-31"}).content.decode()
    assert 'data-testid="supervised-case"' not in html
    html = client.get("/cases/", {"service": "NOT-A-SERVICE"}).content.decode()
    assert 'data-testid="supervised-case"' not in html and "NOT-A-SERVICE" in html


def test_the_centre_dashboard_shows_its_business_beside_the_wilayat_median(client, five_and_two):
    muscat, _dhofar = five_and_two
    manager = staff(muscat, role=StaffRole.MANAGER)
    client.force_login(manager)
    response = client.get("/centre/manage/")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="centre-dashboard"' in html
    assert 'data-testid="centre-cases">5<' in html
    assert client.get("/centre/manage/details/").status_code == 200  # the centre's details moved here


def test_the_institution_dashboard_is_the_officers_landing(client, five_and_two):
    officer = officer_of("ROP")
    client.force_login(officer)
    html = client.get("/institution/").content.decode()
    assert 'data-testid="institution-dashboard"' in html and "/institution/services/" in html


def test_open_datasets_are_listed_with_stable_urls_and_the_licence(client, five_and_two):
    body = client.get("/api/v1/open/datasets/").json()
    assert {d["slug"] for d in body} == {"centres-by-wilayat", "transactions-by-month", "on-time-by-month"}
    for dataset in body:
        assert dataset["licence"] == "CC-BY-4.0"
        assert dataset["csv_url"].endswith(f"/open-data/{dataset['slug']}.csv")
        assert client.get(dataset["csv_url"]).status_code == 200
        assert client.get(dataset["json_url"]).status_code == 200
    assert "CC BY 4.0" in client.get("/open-data/").content.decode()


def test_small_cells_are_suppressed_in_open_data(client, five_and_two):
    response = client.get("/open-data/transactions-by-month.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    by_governorate = {r["governorate"]: r for r in rows}
    assert by_governorate["OM-MA"]["cases"] == "5"
    assert by_governorate["OM-ZU"]["cases"] == SUPPRESSED
    data = json.loads(b"".join(client.get("/open-data/transactions-by-month.json").streaming_content))
    assert {r["cases"] for r in data["rows"]} == {5, SUPPRESSED}
    assert data["licence"] == "CC-BY-4.0" and data["columns"][0]["name"] == "month"


def test_an_unknown_dataset_is_a_404(client):
    assert client.get("/open-data/nothing.csv").status_code == 404
    assert client.get("/open-data/centres-by-wilayat.xml").status_code == 404
