"""Arabic search: spelling variants of the same words find the same services."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.catalogue import selectors
from sanad.catalogue.models import Service
from sanad.catalogue.search import normalise, search_terms

ARABIC = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=40)


@given(st.text(max_size=80) | ARABIC)
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(max_size=80))
def test_normalise_returns_only_words_and_single_spaces(text):
    result = normalise(text)
    assert "  " not in result
    assert result == result.strip()
    assert all(ch.isalnum() or ch == " " for ch in result)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("إجازة", "اجازه"),
        ("أجازة", "اجازه"),
        ("آجازة", "اجازه"),
        ("الإجازة", "اجازه"),
        ("مستشفى", "مستشفي"),
        ("تَجْدِيدُ", "تجديد"),
        ("تجديــــد", "تجديد"),
        ("مسؤول", "مسءول"),
        ("مسئول", "مسءول"),
        ("رخصة القيادة", "رخصه قياده"),
        ("Driving LICENCE", "driving licence"),
        ("٢٠٢٦", "2026"),
        ("!!! ؟؟ ...", ""),
    ],
)
def test_variants_normalise_to_the_same_text(variant, canonical):
    assert normalise(variant) == canonical


def test_search_terms_are_distinct_and_bounded():
    assert search_terms("رخصة رخصه الرخصة") == ["رخصه"]
    assert len(search_terms(" ".join(f"word{i}" for i in range(50)))) == 8


DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"


def _variant(name: str, data) -> str:
    """A spelling a person might type for `name`: other hamza forms, haa for taa marbuta, alef for
    alef maqsura..., diacritics, tatweel, with or without the article."""
    words = []
    for word in name.split():
        if data.draw(st.booleans()) and word.startswith("ال") and len(word) > 4:
            word = word[2:]
        elif data.draw(st.booleans()) and not word.startswith("ال") and len(word) > 2 and word[0].isalpha():
            word = "ال" + word
        chars = []
        for ch in word:
            if ch in "أإآ" and data.draw(st.booleans()):
                ch = data.draw(st.sampled_from("اأإآ"))
            elif ch == "ا" and data.draw(st.booleans()):
                ch = data.draw(st.sampled_from("أإ"))
            elif ch == "ة" and data.draw(st.booleans()):
                ch = "ه"
            elif ch == "ى" and data.draw(st.booleans()):
                ch = "ي"
            chars.append(ch)
            if data.draw(st.booleans()):
                chars.append(data.draw(st.sampled_from(DIACRITICS)))
        words.append("".join(chars))
    return " ".join(words)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_variant_spellings_of_seeded_names_find_the_same_service(data):
    services = list(Service.objects.select_related("current_version").order_by("code"))
    service = data.draw(st.sampled_from(services))
    query = _variant(service.current_version.name_ar, data)
    found = list(selectors.services_search(query).values_list("code", flat=True))
    assert service.code in found, query


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "تجديد رخصة القيادة",
        "تجديد رخصه القياده",
        "تَجْدِيد رُخْصَة القِيَادَة",
        "Driving licence renewal",
        "rop-dl-renew",
    ],
)
def test_the_driving_licence_renewal_is_found_in_every_spelling(query):
    codes = list(selectors.services_search(query).values_list("code", flat=True))
    assert codes[0] == "ROP-DL-RENEW"


@pytest.mark.django_db
def test_a_match_in_the_name_ranks_before_a_match_in_the_institution():
    codes = list(selectors.services_search("شرطة").values_list("code", flat=True))
    assert codes and all(code.startswith("ROP-") for code in codes)
    first = selectors.services_search("رخصة").first()
    assert "رخصة" in first.current_version.name_ar


@pytest.mark.django_db
def test_the_search_api_uses_the_same_normalisation(api_client):
    for query in ("تجديد رخصة القيادة", "تجديد رخصه القياده"):
        response = api_client.get("/api/v1/services/", {"q": query})
        assert response.status_code == 200
        assert response.json()["results"][0]["code"] == "ROP-DL-RENEW"


@pytest.mark.django_db
def test_the_search_api_filters_by_institution_category_and_channel(api_client):
    response = api_client.get(
        "/api/v1/services/", {"institution": "ROP", "category": "vehicles", "channel": "online"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    for item in results:
        assert item["institution"] == "ROP" and item["category"] == "vehicles"
        assert "online" in item["current_version"]["channels"]
