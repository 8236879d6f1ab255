"""Every page of every role, in Arabic and English, on a desktop (1280 px) and a phone (390 px): axe-core
finds no critical and no serious violation, and a full-page screenshot of each is kept under
test-results/e2e/<test>/ to look at.

One test per role walks all its pages in one browser context (signed in once); each page is loaded
once per language and checked at both widths by resizing the viewport. Detail pages (a case, a
complaint, a centre...) are found by following the first matching link of their list page, so the
walk follows the demo data instead of hard-coding its numbers.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import login

# The pages' markup does not depend on the database: CI walks them once, in the SQLite run, which
# keeps the second (PostgreSQL) run of the browser tests as short as before.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres") and not os.environ.get("SANAD_E2E_AXE_ALWAYS"),
    reason="the accessibility walk runs in the SQLite run (SANAD_E2E_AXE_ALWAYS=1 runs it here too)",
)

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("ar", "en")
FAILING_IMPACTS = ("critical", "serious")

# A page is a path, or (list page, regular expression of the link to follow from it).
PUBLIC = [
    "/",
    "/services/",
    ("/services/", r"^/services/[A-Z][A-Z0-9-]+/$"),
    "/institutions/",
    ("/institutions/", r"^/institutions/[A-Z][A-Z0-9-]+/$"),
    "/centres/",
    ("/centres/", r"^/centres/\d+/$"),
    "/centres/?lat=23.58&lon=58.40",
    "/centres/apply/",
    "/track/",
    "/quality/",
    "/open-data/",
    "/login/",
    "/api/v1/docs/",
]
ROLES = {
    "citizen": [
        "/me/",
        "/my/cases/",
        ("/my/cases/", r"^/my/cases/SND-[\d-]+/$"),
        "/my/cases/new/",
        "/my/complaints/",
        "/my/complaints/new/",
        ("/my/complaints/", r"^/my/complaints/CMP-[\d-]+/$"),
        "/my/appointments/",
        ("/my/appointments/", r"^/my/appointments/\d+/$"),
        ("/centres/", r"^/centres/\d+/$", "book/"),
        "/my/data/",
    ],
    "clerk": [
        "/centre/",
        ("/centre/", r"^/centre/cases/SND-[\d-]+/$"),
        "/centre/cases/new/",
        "/centre/queue/",
        "/centre/requests/",
        ("/centre/queue/", r"^/centres/\d+/kiosk/$"),
        ("/centre/queue/", r"^/centres/\d+/board/$"),
        "/centre/cash/",
        "/centre/complaints/",
        ("/centre/complaints/", r"^/centre/complaints/CMP-[\d-]+/$"),
        "/centre/ratings/",
        "/corrections/",
        "/me/",
    ],
    "manager": [
        "/centre/manage/",
        "/centre/manage/details/",
        "/centre/manage/hours/",
        "/centre/manage/prices/",
        "/centre/manage/staff/",
        "/centre/settlement/",
        "/centre/quality/",
        "/centre/cash/",
    ],
    "officer": [
        "/institution/",
        "/institution/services/",
        ("/institution/services/", r"^/institution/services/[A-Z][A-Z0-9-]+/$"),
        "/institution/services/new/",
        "/institution/inbox/",
        ("/institution/inbox/", r"^/institution/inbox/SND-[\d-]+/$"),
        "/cases/",
        ("/cases/", r"^/cases/SND-[\d-]+/$"),
        "/catalogue/searches-without-results/",
        "/me/",
    ],
    "regulator": [
        "/regulator/",
        "/cases/",
        ("/cases/", r"^/cases/SND-[\d-]+/$"),
        "/regulator/caps/",
        ("/regulator/caps/", r"^/regulator/caps/[A-Z][A-Z0-9-]+/$"),
        "/regulator/settlement/",
        "/regulator/complaints/",
        ("/regulator/complaints/", r"^/regulator/complaints/CMP-[\d-]+/$"),
        "/regulator/quality/",
        "/regulator/ratings/",
        "/regulator/licensing/",
        ("/regulator/licensing/", r"^/regulator/licensing/\d+/$"),
        "/regulator/audit/",
        "/corrections/",
        "/me/",
    ],
}
# Detail pages the demo data may not have for every role (followed when there is a link).
OPTIONAL = {r"^/my/complaints/CMP-[\d-]+/$", r"^/my/appointments/\d+/$"}
# Pages that are one language whatever the visitor chose: the API's docs (English) and the waiting
# room's board (Arabic, with English beside it).
FIXED_LANGUAGE = {"/api/v1/docs/": "en", "/board/": "ar"}
# Swagger UI's own widget (third-party styles) is left out of the check; the page around it is not.
EXCLUDE = {"/api/v1/docs/": ["#swagger-ui"]}
USERS = {
    "citizen": "demo-citizen",
    "clerk": "demo-clerk",
    "manager": "demo-manager",
    "officer": "demo-officer",
    "regulator": "demo-regulator",
}

AXE_RUN = """async ([impacts, exclude]) => {
  const context = exclude.length ? { exclude: exclude } : document;
  const result = await axe.run(context, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary.replace(/\\s+/g, " ")),
    }));
}"""


def _resolve(page, entry) -> str | None:
    if isinstance(entry, str):
        return entry
    list_url, pattern, *suffix = entry
    page.goto(list_url)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = next((h for h in hrefs if re.match(pattern, h)), None)
    return found + "".join(suffix) if found else None


def _slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-") or "home"


def _settle(page) -> None:
    # Pages that poll never go idle: after 3 s what has loaded is checked.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=3000)


def walk(browser, server, shots, role: str, pages: list) -> None:
    context = browser.new_context(base_url=server, locale="ar-OM", viewport=WIDTHS["desktop"])
    context.add_init_script(path=str(AXE))  # runs before the page's own scripts, outside its CSP
    page = context.new_page()
    page.set_default_timeout(30000)
    if role in USERS:
        login(page, USERS[role])
    urls = []
    for entry in pages:
        url = _resolve(page, entry)
        if url is None and entry[1] in OPTIONAL:
            continue
        if url is None:
            pytest.fail(f"{role}: no link matching {entry[1]!r} on {entry[0]}")
        urls.append(url)
    problems = []
    try:
        for language in LANGUAGES:
            context.add_cookies([{"name": "sanad_language", "value": language, "url": server}])
            for index, url in enumerate(urls, start=1):
                response = page.goto(url)
                assert response is not None and response.status == 200, (
                    f"{role} {url}: {response and response.status}"
                )
                fixed = [lang for part, lang in FIXED_LANGUAGE.items() if part in url]
                expected = fixed[0] if fixed else language
                assert page.locator("html").get_attribute("lang") == expected, f"{url} has no lang={expected}"
                for width, size in WIDTHS.items():
                    page.set_viewport_size(size)
                    _settle(page)
                    page.wait_for_timeout(150)  # the resize behaviours (scrolling boxes) have run
                    shots(page, f"{index:02d}-{_slug(url)}-{language}-{width}")
                    for violation in page.evaluate(AXE_RUN, [list(FAILING_IMPACTS), EXCLUDE.get(url, [])]):
                        problems.append(
                            f"{url} [{language}, {width}] {violation['impact']} {violation['id']}: "
                            f"{violation['help']}\n    " + "\n    ".join(violation["nodes"])
                        )
                page.set_viewport_size(WIDTHS["desktop"])
    finally:
        context.close()
    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)


def test_public_pages_pass_axe_in_both_languages_and_widths(browser, server, shots):
    walk(browser, server, shots, "public", PUBLIC)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_role_passes_axe_in_both_languages_and_widths(browser, server, shots, role):
    walk(browser, server, shots, role, ROLES[role])
