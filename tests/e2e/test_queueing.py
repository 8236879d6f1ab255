"""The front door in Arabic: the manager opens the demo centre all day today; a citizen finds the
driving-licence renewal, books today's next slot on a phone, checks in at the kiosk and watches her
ticket; the clerk signs on and calls her with one key; the board shows the call; a walk-in takes a
ticket at the kiosk."""

import re
from datetime import UTC

from playwright.sync_api import expect

from . import conftest
from .conftest import login

DEMO_CITIZEN_CIVIL_NUMBER = "12345678"
DEMO_CENTRE = "مركز بوشر النموذجي لخدمات سند"
PHONE = {"width": 390, "height": 844}


def _open_all_day_today(page) -> str:
    """Special hours today 00:00–24:00, so the test runs at any hour."""
    from datetime import datetime, timedelta

    today = (datetime.now(UTC) + timedelta(hours=4)).date().isoformat()
    login(page, "demo-manager")
    page.goto("/centre/manage/hours/")
    form = page.get_by_test_id("exception-form")
    form.locator("#x-from").fill(today)
    form.locator("#x-to").fill(today)
    form.locator("#x-name").fill("دوام ممتد")
    form.locator("input[name=o0]").fill("00:00")
    form.locator("input[name=c0]").fill("24:00")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("exception").first).to_be_visible()
    page.goto("/centre/queue/")
    kiosk = page.locator("a[href*='/kiosk/']").first.get_attribute("href")
    conftest.sign_out(page)
    return re.search(r"/centres/(\d+)/", kiosk).group(1)


def test_book_check_in_be_called_on_the_board_and_served(browser, server, page, shots):
    centre_id = _open_all_day_today(page)

    # --- the citizen, on her phone: service page → book → today's next slot ---------------------------
    phone = browser.new_context(base_url=server, locale="ar-OM", viewport=PHONE, is_mobile=True)
    citizen = phone.new_page()
    citizen.set_default_timeout(30000)
    login(citizen, "demo-citizen")
    citizen.goto("/services/ROP-DL-RENEW/")
    buttons = citizen.get_by_test_id("door-buttons").first
    expect(buttons.get_by_test_id("apply-online")).to_have_text(re.compile("قدّم الطلب إلكترونيًا"))
    buttons.get_by_test_id("book-appointment").click()
    expect(citizen).to_have_url(re.compile(r"/centres/\?service=ROP-DL-RENEW"))
    expect(citizen.get_by_test_id("centre-result").first.get_by_test_id("book-appointment")).to_be_visible()
    # Her own centre, from its page: the driving-licence row carries the service and the centre.
    citizen.goto(f"/centres/{centre_id}/")
    row = citizen.locator("[data-testid=price-row][data-service=ROP-DL-RENEW]")
    row.get_by_test_id("book-appointment").click()
    expect(citizen.get_by_test_id("book-title")).to_have_text("احجز موعدًا")
    first_slot = citizen.get_by_test_id("slot").first
    expect(first_slot).to_be_enabled()
    shots(citizen, "01-booking-phone")
    first_slot.click()
    expect(citizen.get_by_test_id("appointment-state")).to_have_text("محجوز")
    shots(citizen, "02-booked-phone")

    # --- at the kiosk: check in with the civil number --------------------------------------------------
    kiosk = browser.new_context(base_url=server, locale="ar-OM", viewport={"width": 1180, "height": 820})
    tablet = kiosk.new_page()
    tablet.set_default_timeout(30000)
    tablet.goto(f"/centres/{centre_id}/kiosk/")
    expect(tablet.get_by_test_id("kiosk-title")).to_have_text("خذ تذكرة انتظار")
    shots(tablet, "03-kiosk")
    tablet.get_by_label("الرقم المدني").fill("١٢٣٤٥٦٧٨")  # Arabic digits are read too
    tablet.get_by_test_id("check-in").click()
    number = tablet.get_by_test_id("ticket-number").inner_text().strip()
    assert re.fullmatch(r"A-\d{3}", number)
    expect(tablet.locator("main")).to_contain_text("أنت في أول طابورك")
    shots(tablet, "04-ticket")
    tablet.go_back()
    tablet.get_by_label("الرقم المدني").fill(DEMO_CITIZEN_CIVIL_NUMBER)
    tablet.get_by_test_id("check-in").click()
    expect(tablet.get_by_test_id("check-in-error")).to_contain_text("سُجّل حضورك لهذا الموعد من قبل")

    # --- a walk-in takes a ticket at the kiosk -----------------------------------------------------------
    tablet.goto(f"/centres/{centre_id}/kiosk/")
    tablet.locator("label.kiosk-service", has_text="تجديد رخصة القيادة").first.click()
    tablet.locator("label.kiosk-service", has_text="عمر 60 سنة فأكثر").click()
    tablet.get_by_test_id("take-ticket").click()
    walk_in = tablet.get_by_test_id("ticket-number").inner_text().strip()
    assert walk_in != number

    # --- the board on the TV -----------------------------------------------------------------------------
    tv = browser.new_context(base_url=server, locale="ar-OM", viewport={"width": 1920, "height": 1080})
    board = tv.new_page()
    board.set_default_timeout(30000)
    board.goto(f"/centres/{centre_id}/board/")
    expect(board.get_by_test_id("board-centre")).to_have_text(DEMO_CENTRE)
    expect(board.locator("[data-testid=board-line][data-line=A] [data-testid=line-waiting]")).to_have_text(
        "2"
    )

    # --- the clerk signs on and calls with one key --------------------------------------------------------
    login(page, "demo-clerk")
    page.goto("/centre/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("الانتظار")
    page.get_by_test_id("sign-on").first.click()
    expect(page.get_by_test_id("signed-on-counter")).to_have_text("1")
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("Space")
    expect(page.get_by_test_id("current-ticket")).to_have_text(number)  # the appointment first
    shots(page, "05-console")

    # The board updates by itself (HTMX polling) and shows the call.
    serving = board.get_by_test_id("now-serving").first
    expect(serving).to_contain_text(number, timeout=15000)
    expect(serving).to_contain_text("1")
    expect(board.locator("[data-testid=board-line][data-line=A] [data-testid=line-waiting]")).to_have_text(
        "1"
    )
    shots(board, "06-board")

    page.get_by_test_id("ticket-done").click()
    expect(page.get_by_test_id("no-current")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.get_by_test_id("current-ticket")).to_have_text(walk_in)
    for context in (phone, kiosk, tv):
        context.close()
