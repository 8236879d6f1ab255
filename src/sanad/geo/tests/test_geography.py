import pytest

from sanad.accounts.tests.twofactor_helpers import sign_in_verified
from sanad.geo.models import Governorate, Wilayat

pytestmark = pytest.mark.django_db

# Royal Decree 114/2011, plus Al Jabal Al Akhdar (Ad Dakhiliyah) and Sinaw (North Sharqiyah),
# created by Royal Decree 36/2022.
EXPECTED_WILAYATS = {
    "OM-MA": 6,
    "OM-ZU": 10,
    "OM-MU": 4,
    "OM-BU": 3,
    "OM-DA": 9,
    "OM-BS": 6,
    "OM-BJ": 6,
    "OM-SJ": 5,
    "OM-SS": 7,
    "OM-ZA": 3,
    "OM-WU": 4,
}


def test_all_eleven_governorates_are_loaded_with_their_iso_codes():
    assert set(Governorate.objects.values_list("code", flat=True)) == set(EXPECTED_WILAYATS)


def test_every_governorate_has_its_wilayats():
    for code, count in EXPECTED_WILAYATS.items():
        assert Wilayat.objects.filter(governorate__code=code).count() == count, code
    assert Wilayat.objects.count() >= 61


def test_names_are_bilingual_and_coordinates_are_in_oman():
    from sanad.geo.selectors import in_oman

    for place in [*Governorate.objects.all(), *Wilayat.objects.all()]:
        assert any("\u0600" <= ch <= "\u06ff" for ch in place.name_ar), place.code
        assert place.name_en.isascii(), place.code
        assert in_oman(place.latitude, place.longitude), place.code
        assert place.source, place.code


def test_census_populations_add_up_to_the_national_total():
    populations = dict(Governorate.objects.values_list("code", "population"))
    assert populations["OM-MA"] == 1_302_440
    assert populations["OM-ZU"] == 416_458
    assert populations["OM-MU"] == 49_062
    assert sum(populations.values()) == 4_471_148  # 2020 census, all of Oman


def test_api_lists_governorates_with_their_wilayats(api_client):
    response = api_client.get("/api/v1/governorates/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 11
    muscat = next(g for g in body["results"] if g["code"] == "OM-MA")
    assert muscat["wilayat_count"] == 6
    assert {w["name_ar"] for w in muscat["wilayats"]} >= {
        "مسقط",
        "مطرح",
        "بوشر",
        "السيب",
        "العامرات",
        "قريات",
    }
    assert sum(g["wilayat_count"] for g in body["results"]) == Wilayat.objects.count()


def test_api_filters_wilayats_by_governorate(api_client):
    response = api_client.get("/api/v1/wilayats/", {"governorate": "OM-MU"})
    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert {w["governorate"] for w in response.json()["results"]} == {"OM-MU"}


def test_an_unknown_governorate_code_is_a_clear_400(api_client):
    response = api_client.get("/api/v1/wilayats/", {"governorate": "OM-XX"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["governorate"] == ["Unknown governorate code."]


def test_geography_is_read_only_in_the_admin_except_for_the_regulator(client, admin_user, regulator):
    muscat = Governorate.objects.get(code="OM-MA")
    url = f"/admin/geo/governorate/{muscat.pk}/change/"
    sign_in_verified(client, admin_user)
    response = client.post(url, {"name_ar": "تغيير", "name_en": "Changed"})
    assert response.status_code == 403
    muscat.refresh_from_db()
    assert muscat.name_en == "Muscat"
    sign_in_verified(client, regulator)
    assert client.get(url).status_code == 200
    assert b'name="name_en"' in client.get(url).content
