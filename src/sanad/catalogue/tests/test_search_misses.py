"""Searches that found nothing are counted per day by their normalised text, never by who asked,
and listed for the regulator and institution officers."""

import pytest

from sanad.catalogue import services
from sanad.catalogue.models import SearchMiss

pytestmark = pytest.mark.django_db


def test_a_submitted_search_without_results_is_counted_per_day_by_its_normalised_text(client):
    client.get("/services/", {"q": "ططظظ غغضض"})
    client.get("/services/", {"q": "طَطظظ الغغضض"})
    miss = SearchMiss.objects.get()
    assert miss.count == 2
    assert miss.query == "ططظظ غغضض"
    assert {f.name for f in SearchMiss._meta.get_fields()} == {"id", "query", "day", "count"}


def test_a_search_with_results_and_typing_as_you_go_are_not_counted(client):
    client.get("/services/", {"q": "جواز"})
    client.get("/services/", {"q": "qqqzzzxxx"}, HTTP_HX_REQUEST="true")
    assert not SearchMiss.objects.exists()


def test_the_api_counts_a_search_without_results(api_client):
    response = api_client.get("/api/v1/services/", {"q": "qqqzzzxxx"})
    assert response.status_code == 200 and response.json()["count"] == 0
    assert SearchMiss.objects.get().query == "qqqzzzxxx"


def test_a_long_number_typed_into_the_search_is_not_kept():
    miss = services.search_miss_record(query="qqqzzz 91234567 ١٢٣٤٥٦٧٨")
    assert miss.query == "qqqzzz # #"
    assert services.search_miss_record(query="12345678") is None
    assert services.search_miss_record(query="   ") is None


@pytest.mark.parametrize("role", ["regulator", "officer"])
def test_the_regulator_and_officers_see_the_list(client, request, role, officer_a):
    user = officer_a if role == "officer" else request.getfixturevalue("regulator")
    services.search_miss_record(query="qqqzzz")
    client.force_login(user)
    response = client.get("/catalogue/searches-without-results/")
    assert response.status_code == 200
    assert "qqqzzz" in response.content.decode()


@pytest.mark.parametrize("role", ["citizen", "clerk"])
def test_citizens_and_clerks_may_not_see_the_list(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/catalogue/searches-without-results/").status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/catalogue/searches-without-results/")
    assert response.status_code == 302


def test_a_bad_period_falls_back_to_thirty_days(client, regulator):
    client.force_login(regulator)
    for days in ("abc", "-1", "100000", "7.5"):
        response = client.get("/catalogue/searches-without-results/", {"days": days})
        assert response.status_code == 200 and response.context["days"] == 30
