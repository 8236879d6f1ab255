"""Search normalisation: the same function reads the stored text and the visitor's query, so that
"اجازة", "إجازة" and "الإجازة", or "رخصة القيادة" and "رخصه القياده", are the same words.

normalise() is idempotent (normalise(normalise(x)) == normalise(x)) and returns only letters,
digits and single spaces, so a search is a plain `contains` query on any database.
"""

import re
import unicodedata

from pyarabic import araby

# Alef with hamza above/below, madda, wasla → bare alef; hamza on waw/yaa → bare hamza (so that
# مسؤول and مسئول meet); alef maqsura → yaa; taa marbuta → haa; Persian/Urdu look-alikes → Arabic.
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "ء",
        "ئ": "ء",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ک": "ك",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
    }
)
_SEPARATORS = re.compile(r"[\W_]+")
_ARTICLE = "ال"
_MIN_WORD_AFTER_ARTICLE = 2  # "الى" is not "ال" + "ى"


def _strip_article(word: str) -> str:
    while word.startswith(_ARTICLE) and len(word) - len(_ARTICLE) >= _MIN_WORD_AFTER_ARTICLE:
        word = word[len(_ARTICLE) :]
    return word


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = araby.strip_tashkeel(araby.strip_tatweel(text)).translate(_LETTERS)
    # Remaining combining marks (Quranic marks, small alef, Latin accents) carry no meaning here.
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def normalise(text: str | None) -> str:
    """Search form of `text`: folded letters, no diacritics, no leading "ال", single spaces."""
    if not text:
        return ""
    previous = None
    # Folding can expose a new foldable character (e.g. a compatibility form), so fold to a fixed
    # point; two rounds are enough in practice, the loop makes idempotence hold by construction.
    while text != previous:
        previous = text
        words = _SEPARATORS.split(_fold(text))
        text = " ".join(w for w in (_strip_article(w) for w in words) if w)
    return text


def search_terms(query: str | None, *, max_terms: int = 8) -> list[str]:
    """Distinct words of a query in search form, longest first (most selective), at most max_terms."""
    seen: dict[str, None] = {}
    for word in normalise(query).split():
        if word != _ARTICLE:  # a lone article carries no meaning
            seen.setdefault(word, None)
    return sorted(seen, key=len, reverse=True)[:max_terms]


def search_text_for(*parts: str | None) -> str:
    """The stored search column: every part normalised, wrapped in spaces so that a term can be
    matched at a word start with ' term' if ever needed."""
    return " " + " ".join(p for p in (normalise(part) for part in parts) if p) + " "


def version_search_text(*, version, service, institution, category) -> str:
    """What a service version is found by: its names, its code, its institution and category."""
    return search_text_for(
        version.name_ar,
        version.name_en,
        service.code,
        institution.code,
        institution.name_ar,
        institution.name_en,
        category.name_ar,
        category.name_en,
    )
