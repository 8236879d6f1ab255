"""The clerk at the counter, keyboard first: the console's shortcuts work as soon as it opens (also on
an Arabic keyboard, where each key maps back without colliding with another), the money and print
actions sit at the top of the case page, and the 80 mm slip prints itself."""

import re

from playwright.sync_api import expect

from .conftest import login
from .test_payments import open_walk_in

# What an Arabic (101) keyboard sends for the shortcut keys: the letter, from the physical key.
ARABIC_KEYS = {"ت": ("KeyJ", 74), "ن": ("KeyK", 75), "ى": ("KeyN", 78), "ظ": ("Slash", 191)}


def press_arabic(page, letter: str) -> None:
    """A key press as the Arabic layout makes it (Playwright's keyboard knows the US layout only)."""
    code, virtual = ARABIC_KEYS[letter]
    cdp = page.context.new_cdp_session(page)
    event = {
        "key": letter,
        "code": code,
        "text": letter,
        "unmodifiedText": letter,
        "windowsVirtualKeyCode": virtual,
    }
    cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", **event})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **event})
    cdp.detach()


def test_the_console_shortcuts_work_from_anywhere_but_never_type_into_a_field(page, shots):
    login(page, "demo-clerk")
    page.goto("/centre/")
    search = page.locator("#console-q")
    expect(search).not_to_be_focused()

    # j / k move through the rows; on the Arabic layout the same keys give ت / ن.
    page.keyboard.press("j")
    first = page.locator(".case-row a.stretched-link").first
    expect(first).to_be_focused()
    press_arabic(page, "ت")  # the j key on an Arabic keyboard: next row
    expect(page.locator(".case-row a.stretched-link").nth(1)).to_be_focused()
    press_arabic(page, "ن")  # the k key (not "n"): back up, and no new transaction
    expect(first).to_be_focused()
    expect(page).to_have_url(re.compile(r"/centre/$"))

    # "/" (ظ on the Arabic layout) goes to the search box; typing there is typing, even "n".
    press_arabic(page, "ظ")
    expect(search).to_be_focused()
    search.press_sequentially("n")
    expect(search).to_have_value("n")
    expect(page).to_have_url(re.compile(r"/centre/(\?.*)?$"))
    search.press("Escape")
    expect(search).not_to_be_focused()
    shots(page, "01-console")

    press_arabic(page, "ى")  # the n key on an Arabic keyboard: a new walk-in transaction
    expect(page).to_have_url(re.compile(r"/centre/cases/new/$"))


def test_the_counter_takes_cash_at_the_top_of_the_case_page_and_the_slip_prints_itself(page, server, shots):
    reference = open_walk_in(server)
    login(page, "demo-clerk")
    page.goto(f"/centre/cases/{reference}/")
    bar = page.get_by_test_id("counter-bar")
    expect(bar.get_by_test_id("counter-status")).to_contain_text("المستحق")
    # Within the first screen, above the case's columns (it used to be ~1,450 px down the side).
    assert bar.bounding_box()["y"] < 500
    assert bar.get_by_test_id("take-cash").bounding_box()["y"] < 600
    shots(page, "01-case-page-unpaid")

    page.set_viewport_size({"width": 390, "height": 844})
    assert bar.get_by_test_id("take-cash").bounding_box()["y"] < 844
    shots(page, "02-case-page-unpaid-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    bar.get_by_test_id("take-cash").click()
    bar = page.get_by_test_id("counter-bar")
    expect(bar.get_by_test_id("counter-status")).to_contain_text("مدفوعة بالكامل")
    ready = bar.get_by_test_id("counter-receipt")
    expect(ready).to_contain_text("جاهز")
    shots(page, "03-receipt-ready")

    # The slip page opens the print dialog by itself (a static behaviour on load, no inline script).
    # (counted on the page's <html>, not polled with a script: the page's CSP forbids eval)
    page.add_init_script(
        "window.print = function () { var html = document.documentElement;"
        " html.dataset.printed = String(Number(html.dataset.printed || 0) + 1); };"
    )
    ready.get_by_test_id("print-slip").click()
    expect(page.get_by_test_id("receipt-slip")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-printed", "1", timeout=120_000)  # on "load"
    expect(page.get_by_test_id("receipt-slip")).to_contain_text(reference)
    expect(page.get_by_test_id("receipt-slip")).to_contain_text("إيصال دفع")
    shots(page, "04-slip")

    # Back on the case page the receipt is no longer "ready" (it was printed); printing again says copy.
    page.get_by_role("link", name="العودة إلى المعاملة").click()
    expect(page.get_by_test_id("counter-receipt")).not_to_contain_text("جاهز")
    page.get_by_test_id("print-slip").click()
    expect(page.locator("html")).to_have_attribute("data-printed", "1", timeout=120_000)  # on "load"
    expect(page.get_by_test_id("receipt-slip")).to_contain_text("نسخة")
