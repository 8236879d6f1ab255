"""The catalogue in the Arabic UI: search with variant spellings, open the service, read its documents
and fees; the officer's console and the regulator's caps."""

import re

from playwright.sync_api import expect

from .conftest import login, sign_out


def _search(page, text: str) -> None:
    box = page.get_by_label("ابحث عن خدمة")
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state()


def test_a_citizen_finds_the_driving_licence_renewal_in_any_spelling_and_reads_its_checklist(page, shots):
    page.goto("/")
    page.get_by_role("link", name="الخدمات", exact=True).click()
    expect(page).to_have_url(re.compile(r"/services/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("service-card").first).to_be_visible()

    _search(page, "تجديد رخصة القيادة")
    card = page.locator('[data-testid="service-card"][data-code="ROP-DL-RENEW"]')
    expect(card).to_be_visible()
    expect(page.get_by_test_id("service-card").first).to_have_attribute("data-code", "ROP-DL-RENEW")
    shots(page, "01-search-correct-spelling")

    _search(page, "تجديد رخصه القياده")
    expect(page.get_by_test_id("service-card").first).to_have_attribute("data-code", "ROP-DL-RENEW")
    shots(page, "02-search-variant-spelling")

    card.get_by_role("link", name="تجديد رخصة القيادة").click()
    expect(page).to_have_url(re.compile(r"/services/ROP-DL-RENEW/$"))
    expect(page.get_by_test_id("service-name")).to_have_text("تجديد رخصة القيادة")
    expect(page.get_by_test_id("service-institution")).to_contain_text("شرطة عُمان السلطانية")
    documents = page.get_by_test_id("document")
    expect(documents).to_have_count(4)
    expect(page.get_by_test_id("documents")).to_contain_text("شهادة فحص النظر")
    fees = page.get_by_test_id("fees")
    expect(fees).to_contain_text("الرسم الحكومي")
    expect(page.get_by_test_id("government-fee")).to_contain_text("10.000 ر.ع.")
    expect(page.get_by_test_id("centre-fee-cap")).to_have_text("2.000 ر.ع.")
    expect(page.get_by_test_id("vat")).to_have_text("0.100 ر.ع.")
    expect(page.get_by_test_id("total-max")).to_have_text("22.100 ر.ع.")
    expect(page.get_by_test_id("sla")).to_contain_text("ساعتا عمل")
    # Right to left for real: the title sits on the right half of the page.
    assert page.get_by_test_id("service-name").bounding_box()["x"] > 1280 / 3
    shots(page, "03-service-page")
    page.emulate_media(media="print")
    shots(page, "04-service-page-print")


def test_a_bad_search_is_explained_not_failed(page, shots):
    page.goto("/services/")
    _search(page, "!!! ؟؟؟")
    expect(page.get_by_test_id("search-error")).to_contain_text("اكتب حرفًا أو رقمًا")
    shots(page, "bad-search")


def test_the_officer_drafts_and_publishes_and_the_regulator_changes_a_cap(page, shots):
    # A service no other browser test uses: this test publishes new versions of it.
    login(page, "demo-officer")
    page.get_by_role("link", name="لوحة الجهة").click()
    expect(page.get_by_test_id("console-institution")).to_contain_text("شرطة عُمان السلطانية")
    shots(page, "01-console")
    page.locator('[data-testid="console-service"][data-code="ROP-VEH-CANCEL"]').get_by_role("link").click()
    page.get_by_test_id("new-draft").click()
    page.get_by_label("مدة الإنجاز المتوقعة (بساعات العمل)").fill("16")
    page.get_by_label("ما الذي تغيّر في هذا الإصدار ولماذا").fill("تحسين مدة الإنجاز")
    shots(page, "02-edit-draft")
    page.get_by_role("button", name="حفظ ومعاينة").click()
    expect(page.get_by_test_id("preview-banner")).to_be_visible()
    expect(page.get_by_test_id("sla")).to_contain_text("16 ساعة عمل")
    shots(page, "03-preview")
    page.get_by_test_id("publish").click()
    expect(page.get_by_role("status")).to_contain_text("نُشر الإصدار 2")
    shots(page, "04-published")

    sign_out(page)
    login(page, "demo-regulator")
    page.get_by_role("link", name="سقوف الرسوم").click()
    page.get_by_label("ابحث عن خدمة").fill("الغاء تسجيل مركبه")
    page.get_by_role("button", name="بحث").click()
    page.locator('[data-testid="cap-row"][data-code="ROP-VEH-CANCEL"]').get_by_role("link").click()
    page.get_by_label("السقف الجديد لرسوم المركز").fill("3.500")
    page.get_by_label("السبب").fill("مراجعة سنوية لرسوم المراكز")
    page.get_by_test_id("save-cap").click()
    expect(page.get_by_test_id("current-cap")).to_have_text("3.500 ر.ع.")
    expect(page.get_by_test_id("cap-history")).to_contain_text("مراجعة سنوية لرسوم المراكز")
    shots(page, "05-cap-changed")
    page.goto("/services/ROP-VEH-CANCEL/")
    expect(page.get_by_test_id("centre-fee-cap")).to_have_text("3.500 ر.ع.")
    expect(page.get_by_test_id("sla")).to_contain_text("16 ساعة عمل")
