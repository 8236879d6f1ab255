"""An institution without a system works through the portal inbox, in Arabic: its officer finds a
transaction that reached the institution, opens it, and records the decision (more information
needed, with what is missing); the transaction goes back to the centre and the citizen."""

import json
import re
import urllib.request

from playwright.sync_api import expect

from .conftest import demo_otp, login

WEBHOOK_INSTITUTIONS = ("ROP", "MOL")


def _api(server, path, token=None, body=None):
    request = urllib.request.Request(  # noqa: S310 (our own local server)
        server + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Token {token}"} if token else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def _a_case_waiting_at_a_portal_institution(server) -> tuple[str, str]:
    token = _api(
        server,
        "/api/v1/auth/token/",
        body={"username": "demo-regulator", "password": "sanad-demo", "otp": demo_otp("demo-regulator")},
    )["token"]
    page = _api(server, "/api/v1/cases/?state=submitted_to_institution&page_size=200", token)
    for case in page["results"]:
        code = case["service"].split("-")[0]
        if code not in WEBHOOK_INSTITUTIONS:
            return case["reference"], code
    raise AssertionError("the demo network has no transaction waiting at a portal institution")


def test_an_officer_decides_a_transaction_from_the_portal_inbox_in_arabic(page, server, shots):
    reference, code = _a_case_waiting_at_a_portal_institution(server)
    login(page, f"demo-officer-{code.lower()}")
    page.get_by_role("navigation").get_by_role("link", name="صندوق الوارد").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("صندوق الوارد")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("الرقم المرجعي").fill(reference)
    page.get_by_role("button", name="ابحث").click()
    row = page.get_by_test_id("inbox-case")
    expect(row).to_have_count(1)
    shots(page, "01-inbox")
    row.get_by_role("link", name=reference).click()

    expect(page.get_by_test_id("case-reference")).to_have_text(reference)
    expect(page.get_by_test_id("decision-form")).to_be_visible()
    # Asking for more information without saying what: refused, with the reason, nothing changes.
    page.get_by_label(re.compile("طلب معلومات إضافية")).check()
    page.get_by_test_id("decision-submit").click()
    expect(page.get_by_test_id("decision-error")).to_contain_text("اكتب ما هو ناقص")
    page.get_by_label(re.compile("السبب، أو ما هو ناقص")).fill("يرجى إرفاق صورة أوضح من البطاقة الشخصية")
    shots(page, "02-decision")
    page.get_by_label(re.compile("طلب معلومات إضافية")).check()
    page.get_by_test_id("decision-submit").click()

    expect(page).to_have_url(re.compile("/institution/inbox/$"))
    expect(page.locator("main [role=status] .alert").first).to_contain_text("سُجّل قرارك")
    shots(page, "03-after-decision")
    # The transaction went back to the centre and the citizen: the regulator's view says so.
    token = _api(
        server,
        "/api/v1/auth/token/",
        body={"username": "demo-regulator", "password": "sanad-demo", "otp": demo_otp("demo-regulator")},
    )["token"]
    case = _api(server, f"/api/v1/cases/{reference}/", token)
    assert case["state"] == "awaiting_citizen"
    events = _api(server, f"/api/v1/cases/{reference}/events/", token)
    assert events[-1]["actor"]["kind"] == "institution" and events[-1]["actor"]["institution"] == code
