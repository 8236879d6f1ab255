"""Input families that used to reach a 500 or a non-problem answer: numbers beyond any column,
JSON nested to exhaust the stack, oversize bodies, unknown paths — in development (DEBUG on, as
`make dev` serves) as in production."""

import json

import pytest
from conftest import authed
from rest_framework.test import APIClient

from sanad.cases.models import Case
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
HUGE = "99999999999999999999999"
DEEP = "[" * 5000 + "]" * 5000


@pytest.fixture(params=[True, False], ids=["debug", "production-like"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def world(db):
    centre = licensed_centre()
    clerk = staff(centre)
    case = open_walk_in(centre, clerk, citizen())
    return {"centre": centre, "clerk": clerk, "case": case, "api": authed(APIClient(), clerk)}


def _problem(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["status"] == status
    return response.json()


@pytest.mark.parametrize(
    "url",
    [f"/api/v1/cases/?centre={HUGE}", f"/api/v1/cases/?centre=-{HUGE}"],
)
def test_an_out_of_range_integer_in_a_filter_is_a_400(world, debug, url):
    _problem(world["api"].get(url), 400)


@pytest.mark.parametrize("url", [f"/api/v1/payments/{HUGE}/", f"/api/v1/centres/{HUGE}/"])
def test_an_out_of_range_id_in_a_path_is_a_problem_not_a_500(world, debug, url):
    assert world["api"].get(url).status_code in (400, 404)
    assert world["api"].get(url)["Content-Type"].startswith(PROBLEM)


def test_deeply_nested_json_is_a_400_and_opens_nothing(world, debug):
    before = Case.objects.count()
    _problem(world["api"].post("/api/v1/cases/", DEEP, content_type="application/json"), 400)
    nested_form = json.dumps({"service": "x", "form_data": json.loads("[" * 40 + "]" * 40)})
    _problem(world["api"].post("/api/v1/cases/", nested_form, content_type="application/json"), 400)
    assert Case.objects.count() == before


def test_deeply_nested_json_on_a_transition_is_a_400_and_changes_nothing(world, debug):
    case = world["case"]
    url = f"/api/v1/cases/{case.reference}/transitions/"
    _problem(world["api"].post(url, DEEP, content_type="application/json"), 400)
    case.refresh_from_db()
    assert case.state == "accepted" and case.version == 1


def test_an_oversize_body_is_a_413_problem(world, debug):
    body = json.dumps({"note": "a" * 3_000_000})
    _problem(world["api"].post("/api/v1/cases/", body, content_type="application/json"), 413)


def test_an_oversize_form_body_is_a_413_problem(world, debug):
    body = "note=" + "a" * 3_000_000
    response = world["api"].post("/api/v1/cases/", body, content_type="application/x-www-form-urlencoded")
    _problem(response, 413)


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/cases", "/api/v1/a/b/c"])
def test_unknown_api_paths_are_problem_404s(world, debug, path):
    _problem(world["api"].get(path), 404)
    _problem(world["api"].post(path, {}, format="json"), 404)


@pytest.mark.parametrize("path", ["/api/v1/track/", "/api/v1/a/b/c"])
def test_a_post_to_an_unknown_api_path_without_a_session_is_a_404_not_a_csrf_refusal(path):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        path, {"reference": "x"}, content_type="application/json"
    )
    _problem(response, 404)


def test_nan_is_not_json(world, debug):
    body = '{"service": "x", "government_fee": NaN}'
    _problem(world["api"].post("/api/v1/cases/", body, content_type="application/json"), 400)


def test_an_unexpected_error_under_the_api_is_a_problem_500(world, settings, monkeypatch):
    from sanad.cases import api as cases_api

    settings.DEBUG = True

    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(cases_api.CaseViewSet, "list", boom)
    client = authed(APIClient(raise_request_exception=False), world["clerk"])
    body = _problem(client.get("/api/v1/cases/"), 500)
    assert "unexpected" not in json.dumps(body)
