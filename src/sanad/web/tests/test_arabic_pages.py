"""Every page, opened by every role in Arabic, reads as Arabic: no English word or internal code outside
what the person needs (references, numbers, their own username and e-mail, brand and format names, and
what is marked lang="en"), phone numbers written +968 9352 8003 and dates 2026-12-01, each inside a
left-to-right isolate (or the browser turns them into 96893528003+ and 01-12-2026)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from .pages import ACTIONS_WITH_ARGUMENTS, build_world, kwargs_for, page_names

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Tokens a person needs as they are: references and numbers with digits (SND-2026-0000012-3, SC-T00001,
# A-012), e-mail addresses, file names, web addresses.
ALLOWED_TOKEN = re.compile(
    r"^(?:(?:[a-z]+:)?[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*\d[A-Za-z0-9-]*|[\w.+-]+@[\w.-]+|[\w.-]+\.(?:pdf|png|jpg|jpeg|csv|xlsx|json)"
    r"|https?://\S+|/\S*)$",
    re.IGNORECASE,
)
# Names Arabic pages write in Latin letters: formats, standards, brands.
ALLOWED_WORDS = {
    *("PDF", "CSV", "XLSX", "JSON", "JPG", "JPEG", "PNG", "ZIP", "QR", "SMS", "API", "OpenAPI", "ISO"),
    *("CC", "BY", "SHA", "HH:MM", "YYYY-MM", "YYYY-MM-DD"),
}
PHONE = re.compile(r"\+?\s?968[\s\d]{6,}\d|\d{8,}\+")
WELL_FORMED_PHONE = re.compile(r"^\+968 (?:\d{4} \d{4}|\d{2} \d{6})$")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
REVERSED_DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")
DECIMAL_COMMA = re.compile(r"\d,\d{1,2}\s*(?:كم|%)|\(\d+,\d{3,}")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Reader(HTMLParser):
    """The text a person reads (and the labels a screen reader says), each piece with whether it sits in
    a left-to-right isolate and whether it is marked as English."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, ltr, english)
        self.pieces: list[tuple[str, bool, bool, str]] = []  # (text, ltr, english, where)

    def _state(self):
        return self.stack[-1][1:] if self.stack else (False, False)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        ltr, english = self._state()
        if attrs.get("dir") == "ltr" or tag == "bdi":
            ltr = attrs.get("dir") != "rtl"
        if attrs.get("dir") == "rtl":
            ltr = False
        if "lang" in attrs:
            english = (attrs["lang"] or "").startswith("en")
        if attrs.get("translate") == "no":  # a code shown as a code ({{ x|code }})
            english = True
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append((attrs[name], ltr, english, f"<{tag} {name}>"))
        if tag not in VOID:
            self.stack.append((tag, ltr, english))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not data.strip():
            return
        tags = {t for t, _, _ in self.stack}
        if tags & {"script", "style", "template", "code", "pre", "kbd"}:
            return
        ltr, english = self._state()
        self.pieces.append((data, ltr, english, "text"))


def problems_in(html: str, allowed: set[str]) -> list[str]:
    reader = Reader()
    reader.feed(html)
    found = []
    for text, ltr, english, where in reader.pieces:
        if english:
            continue
        for token in text.split():
            token = token.strip("()[]{}«»\"',.;:·—–-!?؟،\u2066\u2067\u2068\u2069\u200e\u200f")
            if not token or not LATIN_WORD.search(token):
                continue
            if token in allowed or token in ALLOWED_WORDS or ALLOWED_TOKEN.match(token):
                continue
            found.append(f"Latin word {token!r} in {where}: {text.strip()[:80]!r}")
        if where != "text":
            continue
        for match in PHONE.finditer(text):
            phone = match.group(0).strip()
            if not WELL_FORMED_PHONE.match(phone):
                found.append(f"phone written {phone!r}: {text.strip()[:80]!r}")
            elif not ltr:
                found.append(f"phone {phone!r} outside a left-to-right isolate: {text.strip()[:80]!r}")
        for match in REVERSED_DATE.finditer(text):
            found.append(f"date written {match.group(0)!r}: {text.strip()[:80]!r}")
        for match in ISO_DATE.finditer(text):
            if not ltr:
                found.append(
                    f"date {match.group(0)!r} outside a left-to-right isolate: {text.strip()[:80]!r}"
                )
        for match in DECIMAL_COMMA.finditer(text):
            found.append(f"decimal comma {match.group(0)!r}: {text.strip()[:80]!r}")
    return found


def test_the_reader_catches_what_the_browser_would_reorder():
    bad = (
        "<p>الهاتف +96893528003</p><p>فُتحت 2026-12-01</p><p>01-12-2026</p><p>1,2 كم</p>"
        "<option>تجديد رخصة القيادة — ROP</option><p>خدمة <span dir='ltr'>ROP-DL-RENEW</span></p>"
    )
    problems = problems_in(bad, set())
    assert len(problems) == 6, problems
    good = (
        '<p>الهاتف <a href="tel:+96893528003" dir="ltr"><bdi>+968 9352 8003</bdi></a></p>'
        '<p>فُتحت <bdi dir="ltr">2026-12-01</bdi> · 1.2 كم · SND-2026-0000012-3 · PDF</p>'
        '<button lang="en">English</button><script>var x = "hello";</script>'
    )
    assert problems_in(good, set()) == []


def test_every_page_reads_as_arabic_for_every_role(client, settings):
    settings.LANGUAGE_CODE = "ar"
    world = build_world()
    allowed = {u.username for u in world.users.values()} | {u.email for u in world.users.values() if u.email}
    roles = [("visitor", None), *world.users.items()]
    problems: dict[str, list[str]] = {}
    opened: dict[str, int] = {}
    unlisted = []
    for name in page_names():
        kwargs = kwargs_for(name, world)
        if kwargs is None:
            if name not in ACTIONS_WITH_ARGUMENTS:
                unlisted.append(name)
            continue
        url = reverse(name, kwargs=kwargs)
        for role, user in roles:
            client.logout()
            if user is not None:
                client.force_login(user)
            client.cookies["sanad_language"] = "ar"
            response = client.get(url)
            assert response.status_code < 500, f"{url} as {role}: {response.status_code}"
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            opened[name] = opened.get(name, 0) + 1
            for problem in problems_in(response.content.decode(), allowed):
                problems.setdefault(problem, []).append(f"{url} ({role})")
    assert not unlisted, f"pages with arguments this test does not know how to open: {unlisted}"
    never = [n for n in page_names() if n not in opened and n not in ACTIONS_WITH_ARGUMENTS]
    never = [n for n in never if kwargs_for(n, world) is not None]
    report = "\n".join(
        f"{p}\n    on {', '.join(sorted(set(where))[:4])}" for p, where in sorted(problems.items())
    )
    assert not problems, f"{len(problems)} problems:\n{report}"
    assert len(opened) >= 60, sorted(opened)
    print("never opened (POST-only pages or pages for no one in the world):", never)
