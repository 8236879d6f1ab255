"""Nearest centres: bounding box in SQL, exact distances in Python, checked against brute force."""

from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.centres import selectors
from sanad.centres.constants import LicenceState
from sanad.centres.geometry import haversine_km, point_in_oman
from sanad.centres.models import Centre

from .factories import CentreFactory, make_centre

pytestmark = pytest.mark.django_db


def test_haversine_knows_muscat_to_salalah():
    # Muscat (23.5880, 58.3829) to Salalah (17.0151, 54.0924): about 850 km as the crow flies.
    assert 840 < haversine_km(23.5880, 58.3829, 17.0151, 54.0924) < 865
    assert haversine_km(23.6, 58.4, 23.6, 58.4) == 0


def test_points_in_the_uae_or_the_sea_are_not_in_oman():
    assert point_in_oman(23.5880, 58.3829)  # Muscat
    assert point_in_oman(26.1800, 56.2450)  # Khasab, Musandam
    assert point_in_oman(20.6700, 58.8900)  # Masirah
    assert not point_in_oman(25.2048, 55.2708)  # Dubai
    assert not point_in_oman(24.4539, 54.3773)  # Abu Dhabi
    assert not point_in_oman(21.0, 60.5)  # Arabian Sea


def _network(count: int, seed: int = 7) -> None:
    rng = Random(seed)
    wilayat = CentreFactory.build().wilayat
    centres = []
    while len(centres) < count:
        lat, lon = rng.uniform(16.8, 26.3), rng.uniform(52.0, 59.8)
        centres.append(CentreFactory.build(latitude=lat, longitude=lon, wilayat=wilayat))
    Centre.objects.bulk_create(centres)


def test_nearest_matches_a_brute_force_reference():
    _network(180)
    everything = list(Centre.objects.values_list("pk", "latitude", "longitude"))

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(lat=st.floats(16.6, 26.4), lon=st.floats(51.9, 59.9), limit=st.integers(1, 40))
    def check(lat, lon, limit):
        reference = sorted(((haversine_km(lat, lon, a, b), pk) for pk, a, b in everything))[:limit]
        found = selectors.centres_nearest(lat, lon, queryset=Centre.objects.all(), limit=limit)
        assert [pk for pk, _km in found] == [pk for _km, pk in reference]
        assert [round(km, 9) for _pk, km in found] == [round(km, 9) for km, _pk in reference]

    check()


def test_the_nearest_query_pages_through_the_whole_network_in_distance_order():
    _network(60, seed=3)
    results = selectors.NearestResults(Centre.objects.all(), 23.6, 58.4)
    assert len(results) == 60
    first, second = results[0:25], results[25:60]
    distances = [c.distance_km for c in first + second]
    assert distances == sorted(distances) and len({c.pk for c in first + second}) == 60


def test_api_near_sorts_by_distance_and_returns_it(api_client):
    far = make_centre(latitude=17.0151, longitude=54.0924)
    near = make_centre(latitude=23.5900, longitude=58.4000)
    make_centre(latitude=23.5901, longitude=58.4001, state=LicenceState.SUSPENDED)
    body = api_client.get("/api/v1/centres/?near=23.5880,58.3829").json()
    assert [c["id"] for c in body["results"]] == [near.pk, far.pk]
    assert 1 < body["results"][0]["distance_km"] < 3 and body["results"][1]["distance_km"] > 800
    assert body["count"] == 2


@pytest.mark.parametrize(
    "near", ["abc", "23.5", "23.5,58.3,1", "23.5;58.3", "nan,nan", "91,58", "25.2048,55.2708", ","]
)
def test_api_malformed_near_is_a_400_problem_naming_the_parameter(api_client, near):
    make_centre()
    response = api_client.get("/api/v1/centres/", {"near": near}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "near" in response.json()["errors"]
