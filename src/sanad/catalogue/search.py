"""Search normalisation: the same function reads the stored text and the visitor's query, so that
"اجازة", "إجازة" and "الإجازة", or "رخصة القيادة" and "رخصه القياده", are the same words.

normalise() is idempotent (normalise(normalise(x)) == normalise(x)) and returns only letters,
digits and single spaces, so a search is a plain `contains` query on any database.

Ranked search (parse_query, version_search_index) builds on it; see the note below and
docs/ARCHITECTURE.md.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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


# --- Ranked search ------------------------------------------------------------------------------
# The index and the query go through the same steps: normalise() (folding), then stem() (light
# Arabic stemming, English Porter2 stemming after a UK/US spelling fold). A version's index is a
# set of stems per field (what ranking reads) and one flat token string (what the database's own
# full-text engine matches): every stem plus, for stems of TYPO_MIN_LENGTH letters or more, each
# stem with one letter deleted. Two words one edit apart (a letter missing, extra, wrong or two
# letters swapped) always share one of those tokens, so the database returns a superset of what
# ranking accepts, and ranking (pure Python, below) decides. Both databases therefore give the same
# results for the same data: they only have to agree on exact token and prefix matches.

_ENGLISH = snowballstemmer.stemmer("english")
# Whole-word UK/US variants, folded to one spelling before stemming (both sides, so which one
# is canonical does not matter); "-ise/-ize" and "-our/-or" are folded by rule below.
_SPELLINGS = {
    "license": "licence",
    "licenses": "licences",
    "licensed": "licenced",
    "licensing": "licencing",
    "center": "centre",
    "centers": "centres",
    "program": "programme",
    "programs": "programmes",
    "catalog": "catalogue",
    "fiber": "fibre",
    "defense": "defence",
    "meter": "metre",
    "meters": "metres",
    "enrollment": "enrolment",
    "enroll": "enrol",
    "judgment": "judgement",
    "cheque": "check",
    "mulkia": "mulkiya",
    "mulkiyah": "mulkiya",
}
_ISE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$")
_OUR = re.compile(r"(?<=[a-z]{2})our(s|ed|ing)?$")
_LATIN = re.compile(r"^[a-z]+$")

# Arabic light stemming on normalised text (alef folded, taa marbuta as haa, the leading "ال" gone):
# a conjunction or preposition joined to the article, then common suffixes (plural, dual, nisba,
# taa marbuta, possessive), each only while at least three letters remain. A lone leading "و"
# ("and") is ambiguous (وزارة is a word, وجواز is "and passport"), so a query word tries both
# (QueryWord.forms) and the index keeps the word whole.
_AR_PREFIXES_WITH_ARTICLE = ("وال", "بال", "كال", "فال", "لل")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_AR_DUAL_PLURAL = ("ان", "ين", "ات")
_AR_MIN_STEM = 3
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")

TYPO_MIN_LENGTH = 4  # a stem this long tolerates one edit
PREFIX_MIN_LENGTH = 3  # a word this long also matches words it begins (search as you type)
MAX_QUERY_CHARS = 200  # a longer query is cut: nobody names a service in more
MAX_QUERY_WORDS = 8


def _stem_arabic(word: str) -> str:
    for prefix in _AR_PREFIXES_WITH_ARTICLE:
        if word.startswith(prefix) and len(word) - len(prefix) >= _AR_MIN_STEM - 1:
            word = word[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _AR_MIN_STEM:
            word = word[: -len(suffix)]
            # مركبتين, مركبتان: the taa marbuta shows as ت before a dual or plural ending.
            if suffix in _AR_DUAL_PLURAL and word.endswith("ت") and len(word) > _AR_MIN_STEM:
                word = word[:-1]
    return word


def _stem_english(word: str) -> str:
    word = _SPELLINGS.get(word, word)
    word = _ISE.sub(r"iz\1", word)
    word = _OUR.sub(lambda m: "or" + (m.group(1) or ""), word)
    return _ENGLISH.stemWord(word)


def stem(word: str) -> str:
    """The stem of one normalised word (see normalise())."""
    if _ARABIC_LETTER.match(word):
        return _stem_arabic(word)
    if _LATIN.match(word):
        return _stem_english(word)
    return word


def stems(text: str | None) -> list[str]:
    """Stems of a text's words, in order, repeats kept."""
    return [s for s in (stem(w) for w in normalise(text).split()) if s]


def _stem_set(words: str) -> frozenset[str]:
    return frozenset(stems(words))


# Words that name no service: dropped from a query unless it has nothing else.
FUNCTION_WORDS = _stem_set(
    "في من على عن الى إلى مع او أو ل لل لي عندي ابي ابغى ابغي ابى ابا اريد أريد ودي كيف وين ممكن لو سمحت"
    " ماذا ما هل شو ايش مال حق حقي بدي عايز شي شيء ذلك هذا هذه انا نبي"
    " a an the of for to in on at my me i we want need how do does can could please what where with"
    " and or is are get"
)
# Words that say what to do rather than what: they count, but far less than the thing's name.
GENERIC_WORDS = _stem_set(
    "تجديد جديد طلب طلبات خدمه خدمة خدمات اصدار إصدار استخراج معامله معاملة اجدد جدد يجدد تقديم الكتروني إلكتروني"
    " اونلاين اون لاين اصدار تسجيل شهاده شهادة بطاقة بطاقه رخصه رخصة"
    " renew renewal new request apply application service services issue issuing online register"
    " registration certificate card licence permit"
)
GENERIC_WEIGHT = 0.3

# How much a match counts, by field: the name and the aliases name the service; the service code,
# the institution and the category only place it.
FIELD_WEIGHTS = {"name": 1.0, "aliases": 0.9, "code": 0.6, "context": 0.35}
EXACT, PREFIX, TYPO = 1.0, 0.8, 0.7


def deletions(token: str) -> set[str]:
    """The token with each one letter removed."""
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one inserted, deleted or replaced letter, or one swap of
    neighbouring letters (optimal string alignment distance ≤ 1)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :] or (
            i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
    return a[i:] == b[i + 1 :]


def version_search_index(*, version, service, institution, category) -> dict:
    """The stored search columns of a version: `search_text` (normalised names, as before),
    `search_terms` (stems per field, what ranking reads) and `search_tokens` (what the database's
    full-text engine matches)."""
    name = stems(f"{version.name_ar} {version.name_en}")
    aliases = stems(f"{getattr(version, 'aliases_ar', '')} {getattr(version, 'aliases_en', '')}")
    code = stems(service.code)
    context = stems(
        " ".join(
            (institution.code, institution.name_ar, institution.name_en, category.name_ar, category.name_en)
        )
    )
    terms = {
        "name": sorted(set(name)),
        "aliases": sorted(set(aliases)),
        "code": sorted(set(code)),
        "context": sorted(set(context)),
        "length": len(name),
    }
    tokens: set[str] = set()
    for stem_ in (*name, *aliases, *code, *context):
        tokens.add(stem_)
        if len(stem_) >= TYPO_MIN_LENGTH:
            tokens |= deletions(stem_)
    return {
        "search_text": version_search_text(
            version=version, service=service, institution=institution, category=category
        ),
        "search_terms": terms,
        "search_tokens": " ".join(sorted(tokens)),
    }


@dataclass(frozen=True)
class QueryWord:
    text: str  # the normalised word as typed
    stem: str
    weight: float
    alternative: str = ""  # another reading of the word (without a leading "و")

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.stem, self.alternative) if self.alternative else (self.stem,)

    @property
    def fuzzy(self) -> bool:
        return len(self.stem) >= TYPO_MIN_LENGTH

    @property
    def prefix(self) -> bool:
        return len(self.text) >= PREFIX_MIN_LENGTH

    def quality(self, token: str) -> float:
        """How well this word matches one indexed stem (0 when it does not)."""
        forms = self.forms
        if token in forms:
            return EXACT
        if self.prefix and (token.startswith(self.text) or any(token.startswith(f) for f in forms)):
            return PREFIX
        if len(token) >= TYPO_MIN_LENGTH and any(
            len(f) >= TYPO_MIN_LENGTH and within_one_edit(f, token) for f in forms
        ):
            return TYPO
        return 0.0


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[QueryWord, ...]
    # quality of (word, token) pairs already computed: candidates share most of their vocabulary
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def naming(self) -> "ParsedQuery":
        """The words that name a thing (what the candidates are looked up by first)."""
        return ParsedQuery(tuple(w for w in self.words if w.weight == 1.0))

    @property
    def generic(self) -> "ParsedQuery":
        return ParsedQuery(tuple(w for w in self.words if w.weight != 1.0))

    @property
    def exact_tokens(self) -> list[str]:
        """Tokens the database must match exactly: each stem, and its one-letter deletions."""
        tokens: set[str] = set()
        for word in self.words:
            for form in word.forms:
                tokens.add(form)
                if len(form) >= TYPO_MIN_LENGTH:
                    tokens |= deletions(form)
        return sorted(tokens)

    @property
    def prefix_tokens(self) -> list[str]:
        """Tokens the database must match as a prefix (search as you type)."""
        return sorted({t for w in self.words if w.prefix for t in (w.text, *w.forms)})

    def score(self, terms: dict) -> tuple[float, bool]:
        """The version's score for this query (0: not a match), and whether a word that names a
        thing (not a generic one such as "تجديد") matched. Each word adds its weight times its best
        match over the fields."""
        total, named = 0.0, False
        memo = self._memo
        for i, word in enumerate(self.words):
            best = 0.0
            for name, weight in FIELD_WEIGHTS.items():
                if best >= weight:
                    continue
                for token in terms.get(name, ()):
                    match = memo.get((i, token))
                    if match is None:
                        match = memo[(i, token)] = word.quality(token)
                    quality = match * weight
                    if quality > best:
                        best = quality
                        if quality == weight:
                            break
            total += word.weight * best
            named = named or (best > 0 and word.weight == 1.0)
        return total, named

    def matches(self, word: str) -> bool:
        """Whether a displayed word is one this query found (for highlighting)."""
        normalised = normalise(word)
        if not normalised:
            return False
        return any(q.quality(stem(w)) > 0 for w in normalised.split() for q in self.words)


def parse_query(query: str | None) -> ParsedQuery:
    """A visitor's query as weighted stems. Anything is accepted: punctuation, full-text syntax
    (quotes, *, NEAR, -, parentheses) and emoji are separators or dropped, never operators."""
    if not query:
        return ParsedQuery(())
    words: dict[str, QueryWord] = {}
    for text in normalise(str(query)[:MAX_QUERY_CHARS]).split():
        stem_ = stem(text)
        if stem_ and stem_ not in words:
            weight = GENERIC_WEIGHT if stem_ in GENERIC_WORDS else 1.0
            alternative = ""
            if text.startswith("و") and len(text) > _AR_MIN_STEM:
                alternative = stem(text[1:])
                if alternative in GENERIC_WORDS:
                    weight = GENERIC_WEIGHT
            words[stem_] = QueryWord(text=text, stem=stem_, weight=weight, alternative=alternative)
    meaningful = [w for w in words.values() if w.stem not in FUNCTION_WORDS]
    chosen = meaningful or list(words.values())
    # Naming words first, so that a long query keeps them when it is cut.
    chosen.sort(key=lambda w: -w.weight)
    return ParsedQuery(tuple(chosen[:MAX_QUERY_WORDS]))


# A displayed word: letters and digits with any diacritics or tatweel inside it.
_DISPLAY_WORD = re.compile(r"([^\W_][\w\u0640\u064b-\u065f\u0670]*)")


def highlight(text: str | None, query: str | ParsedQuery | None) -> SafeString:
    """`text`, HTML-escaped, with the words the query matched wrapped in <mark>."""
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    parts = _DISPLAY_WORD.split(str(text or ""))
    out = []
    for i, part in enumerate(parts):
        if i % 2 and parsed and parsed.matches(part):
            out.append(f"<mark>{escape(part)}</mark>")
        else:
            out.append(escape(part))
    return mark_safe("".join(out))  # noqa: S308 — every part is escaped above
