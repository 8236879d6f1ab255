"""Whatever is typed into the search, nothing breaks and nothing is interpreted: full-text syntax is
searched as text, long and odd input is cut or refused with a clear message."""

import pytest

from sanad.catalogue import selectors

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    "",
    "   ",
    "\t\n",
    "?!.,;:()[]{}",
    "، ؛ ؟ ـــ",
    "x" * 10_000,
    "جواز " * 2_000,
    "passport جواز renewal تجديد",
    "تَجْدِيدُ جَوَازِ السَّفَرِ",
    "جـــــواز",
    "١٢٣٤٥٦٧٨",
    "۱۲۳",
    "🚗 رخصة 🚗",
    "🙂🙂🙂",
    '"passport"',
    '"passport',
    "passport*",
    "*",
    "NEAR(passport renewal)",
    "passport NEAR renewal",
    "-passport",
    "passport -renewal",
    "(passport)",
    "((((",
    "passport OR licence",
    "passport AND NOT licence",
    "pass:* & | ! <->",
    "'; DROP TABLE catalogue_service; --",
    "\\",
    "%_%",
    "\x00",
    "\u200f\u200e\u200b",
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_the_selector_accepts_any_text_and_never_raises(query):
    results = list(selectors.services_search(query)[:5])
    assert isinstance(results, list)


@pytest.mark.parametrize(
    "query", ['"passport"', "passport*", "NEAR(passport)", "-passport", "(passport)", "passport:*"]
)
def test_full_text_syntax_is_searched_as_text(query):
    codes = list(selectors.services_search(query).values_list("code", flat=True)[:3])
    assert "ROP-PASSPORT-NEW" in codes


def test_near_and_or_are_words_not_operators():
    # As operators, "NEAR" and "OR" would find passports; as words they only add unmatched words.
    codes = list(selectors.services_search("passport OR NEAR").values_list("code", flat=True)[:3])
    assert codes[0].startswith("ROP-PASSPORT")


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_the_services_page_answers_any_query_without_an_error(client, query):
    response = client.get("/services/", {"q": query.replace("\x00", "")})
    assert response.status_code == 200
    htmx = client.get("/services/", {"q": query.replace("\x00", "")}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_the_api_answers_any_query_with_results_or_a_clear_error(api_client, query):
    response = api_client.get("/api/v1/services/", {"q": query.replace("\x00", "")})
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response["Content-Type"] == "application/problem+json"
        assert "q" in response.json()["errors"]


def test_a_10000_character_query_is_refused_by_the_page_with_a_clear_message(client):
    response = client.get("/services/", {"q": "جواز" * 2500})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]


def test_diacritics_tatweel_and_arabic_indic_digits_find_the_same_service():
    plain = list(selectors.services_search("تجديد جواز السفر").values_list("code", flat=True)[:1])
    for variant in ("تَجْدِيد جَوَاز السَّفَر", "تجديـــد جـــواز السفـــر"):
        assert list(selectors.services_search(variant).values_list("code", flat=True)[:1]) == plain
