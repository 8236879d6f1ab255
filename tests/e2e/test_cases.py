"""A transaction from the counter to the institution and back, in Arabic: the clerk opens a walk-in
case for the demo citizen, uploads a document and sends it back; the citizen signs in, uploads what
was asked and responds; the clerk takes the payment, submits it and completes it with the
institution's document; the citizen tracks it publicly."""

import re

from playwright.sync_api import expect

from . import conftest
from .conftest import login

DEMO_CITIZEN_CIVIL_NUMBER = "12345678"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def sign_out(page) -> None:
    conftest.sign_out(page)
    expect(page.get_by_role("navigation").get_by_role("link", name="تسجيل الدخول")).to_be_visible()


def flash(page):
    return page.locator("main [role=status] .alert").first


def test_a_walk_in_case_from_the_counter_to_completion_and_public_tracking(page, shots):
    # --- the clerk opens a walk-in case --------------------------------------------------------------
    login(page, "demo-clerk")
    page.goto("/centre/")
    expect(page.get_by_role("heading", level=1)).to_have_text("لوحة المركز")
    expect(page.locator("#console-q")).not_to_be_focused()
    shots(page, "01-console")

    page.keyboard.press("n")  # the documented shortcut, straight away
    expect(page).to_have_url(re.compile("/centre/cases/new/$"))
    page.get_by_label("الرقم المدني").first.fill(DEMO_CITIZEN_CIVIL_NUMBER)
    expect(page.get_by_test_id("citizen-found")).to_contain_text("مريم بنت سالم البلوشية")
    page.get_by_label("ابحث في خدمات المركز").fill("تجديد رخصة القيادة")
    service = page.locator("select#service")
    expect(service.locator("option[value='ROP-DL-RENEW']")).to_have_count(1)
    service.select_option("ROP-DL-RENEW")
    expect(page.locator("#id_form-licence_number")).to_be_visible()
    expect(page.locator("#id_form-civil_number")).to_have_value(DEMO_CITIZEN_CIVIL_NUMBER)
    page.locator("#id_form-licence_number").fill("4455667")
    page.locator("#id_form-licence_class").select_option("light")
    page.locator("#id_form-renewal_years").select_option("10")
    page.locator("#id_form-blood_group").select_option("o_pos")
    page.locator("#government_fee").fill("20")
    expect(page.get_by_test_id("fee-preview")).to_contain_text("20.000")
    expect(page.get_by_test_id("fee-total")).to_be_visible()
    shots(page, "02-new-walk-in")
    page.get_by_test_id("open-case").click()

    expect(page).to_have_url(re.compile(r"/centre/cases/SND-\d{4}-\d{7}-\d/$"))
    reference = page.get_by_test_id("case-reference").inner_text().strip()
    expect(flash(page)).to_contain_text(reference)
    expect(page.get_by_test_id("case-state").first).to_have_text(re.compile("مستلمة"))
    expect(page.get_by_test_id("citizen-name")).to_contain_text("مريم")
    shots(page, "03-case-opened")

    # The clerk uploads the civil ID copy the citizen brought.
    page.locator("#file-civil_id_copy").set_input_files(pdf("البطاقة الشخصية.pdf"))
    page.locator("[data-document-type=civil_id_copy] button[type=submit]").click()
    expect(flash(page)).to_contain_text("البطاقة الشخصية.pdf")
    expect(page.locator("[data-document-type=civil_id_copy]")).to_contain_text("البطاقة الشخصية.pdf")

    # ... and sends it back: the eye test certificate is missing.
    send_back = page.get_by_test_id("action-send_back")
    send_back.locator("summary").click()
    send_back.get_by_label("السبب (سيطلع عليه المواطن)").fill("يرجى إرفاق شهادة فحص النظر من مركز معتمد.")
    send_back.get_by_role("button").click()
    expect(page.get_by_test_id("case-state").first).to_have_text(re.compile("بانتظار المواطن"))
    expect(page.get_by_test_id("send-back")).to_contain_text("شهادة فحص النظر")
    shots(page, "04-sent-back")
    sign_out(page)

    # --- the citizen answers -------------------------------------------------------------------------
    login(page, "demo-citizen")
    page.goto("/my/cases/")
    expect(page.get_by_test_id("waiting-alert")).to_contain_text(reference)
    shots(page, "05-my-cases")
    page.locator(f"[data-reference='{reference}'] a").first.click()
    expect(page.get_by_test_id("send-back-note")).to_have_text("يرجى إرفاق شهادة فحص النظر من مركز معتمد.")
    expect(page.get_by_test_id("full-amount")).to_be_visible()
    shots(page, "06-citizen-case-sent-back")
    page.locator("#file-eye_test_certificate").set_input_files(pdf("فحص النظر.pdf"))
    page.locator("[data-document-type=eye_test_certificate] button[type=submit]").click()
    expect(page.locator("[data-document-type=eye_test_certificate]")).to_contain_text("فحص النظر.pdf")
    page.get_by_test_id("action-respond").click()
    expect(flash(page)).to_contain_text("وصل ردك إلى المركز")
    expect(page.get_by_test_id("case-state").first).to_have_text(re.compile("قيد الإنجاز"))
    shots(page, "07-citizen-responded")
    sign_out(page)

    # --- the clerk takes the payment, submits and completes ----------------------------------------
    login(page, "demo-clerk")
    page.goto("/centre/")
    page.locator("#console-q").fill(reference)
    expect(page.get_by_test_id("case-row")).to_have_count(1)
    page.get_by_test_id("case-row").get_by_role("link").click()
    expect(page.get_by_test_id("case-reference")).to_have_text(reference)
    expect(page.get_by_test_id("missing-count")).to_have_count(0)  # the eye test arrived
    page.get_by_test_id("take-cash").click()
    expect(page.get_by_test_id("payment-status")).to_be_visible()
    page.goto(f"/centre/cases/{reference}/")
    page.get_by_test_id("action-submit_to_institution").locator("summary").click()
    page.get_by_label("الرقم المرجعي لدى الجهة (إن وُجد)").fill("ROP-2026-88231")
    page.get_by_test_id("action-submit_to_institution").get_by_role("button").click()
    expect(page.get_by_test_id("case-state").first).to_have_text(re.compile("لدى الجهة"))
    page.locator("#outcome-file").set_input_files(pdf("رخصة القيادة الجديدة.pdf"))
    page.get_by_test_id("outcome-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("رخصة القيادة الجديدة.pdf")
    shots(page, "08-with-the-institution")
    page.get_by_test_id("action-complete").click()
    expect(page.get_by_test_id("case-state").first).to_have_text(re.compile("منجزة"))
    expect(page.get_by_test_id("timeline")).to_contain_text("تسجيل الإنجاز")
    shots(page, "09-completed")
    sign_out(page)

    # --- anyone tracks it with the reference and the last four digits -------------------------------
    page.goto("/track/")
    page.get_by_label("الرقم المرجعي للمعاملة").fill(reference)
    page.get_by_label("آخر أربعة أرقام من الرقم المدني").fill("0000")
    page.get_by_test_id("track-submit").click()
    expect(page.get_by_test_id("track-error")).to_contain_text("لا توجد معاملة تطابق")
    shots(page, "10-track-wrong-digits")
    page.get_by_label("الرقم المرجعي للمعاملة").fill(reference)
    page.get_by_label("آخر أربعة أرقام من الرقم المدني").fill(DEMO_CITIZEN_CIVIL_NUMBER[-4:])
    page.get_by_test_id("track-submit").click()
    result = page.get_by_test_id("track-result")
    expect(result).to_contain_text("تجديد رخصة القيادة")
    expect(result.get_by_test_id("case-state")).to_have_text(re.compile("منجزة"))
    expect(result.get_by_test_id("timeline")).to_contain_text("بانتظار المواطن")
    expect(result).not_to_contain_text("مريم")  # no names in public
    shots(page, "11-tracked")


def test_the_console_and_the_case_page_fit_a_phone(browser, server, shots):
    context = browser.new_context(base_url=server, locale="ar-OM", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30000)
    login(page, "demo-clerk")
    page.goto("/centre/")
    expect(page.get_by_role("heading", level=1)).to_have_text("لوحة المركز")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shots(page, "phone-console")
    rows = page.get_by_test_id("case-row")
    if rows.count():
        rows.first.get_by_role("link").click()
        expect(page.get_by_test_id("case-reference")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        shots(page, "phone-case")
    context.close()


def test_the_regulator_reads_a_transaction_without_working_it(page, shots):
    login(page, "demo-regulator")
    page.get_by_role("link", name="المعاملات").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("المعاملات")
    rows = page.get_by_test_id("supervised-case")
    expect(rows.first).to_be_visible()
    shots(page, "01-regulator-list")
    rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("case-reference")).to_be_visible()
    expect(page.get_by_text("للاطلاع فقط")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_be_visible()
    shots(page, "02-regulator-case")
