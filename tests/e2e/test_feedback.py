"""Ratings, complaints and the quality index in the browser, in Arabic: the demo citizen rates a
completed transaction from the link in their SMS on a phone; files an overcharging complaint that
the regulator upholds and refunds; the centre page and the finder show the quality index; the
regulator ranks a governorate's centres."""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import login

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def rating_link(tmp_path_factory) -> str:
    """The path of the rating link the seeded demo sent the demo citizen by SMS (var/sms/*.log)."""
    given = os.environ.get("SANAD_E2E_VAR_DIR")
    logs = sorted(
        Path(given).glob("sms/*.log")
        if given
        else tmp_path_factory.getbasetemp().glob("**/e2e-server*/sms/*.log")
    )
    texts = [
        json.loads(line)["text"] for log in logs for line in log.read_text(encoding="utf-8").splitlines()
    ]
    links = [m.group(0) for text in texts for m in [re.search(r"https?://\S+/r/[A-Za-z0-9_\-]+", text)] if m]
    assert links, "no rating link was sent by SMS"
    return urlsplit(links[-1]).path


def test_a_citizen_rates_from_the_sms_link_on_a_phone_in_arabic(browser, server, shots, tmp_path_factory):
    path = rating_link(tmp_path_factory)
    context = browser.new_context(base_url=server, locale="ar-OM", **PHONE)
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.get_by_role("heading", name="كيف كانت الخدمة؟")).to_be_visible()
        shots(page, "1-rating-link")
        page.get_by_role("button", name="إرسال تقييمي").click()  # nothing chosen: the browser asks first
        expect(page.get_by_test_id("rate-thanks")).to_have_count(0)
        for name, score in (("overall", 5), ("speed", 4), ("courtesy", 5), ("fee_clarity", 4)):
            page.locator(f"label[for='{name}-{score}']").tap()
        page.get_by_label("تعليق (اختياري)").fill("خدمة سريعة وتعامل راقٍ")
        shots(page, "2-rating-filled")
        page.get_by_role("button", name="إرسال تقييمي").click()
        expect(page.get_by_test_id("rate-thanks")).to_contain_text("شكراً على تقييمك")
        shots(page, "3-rating-thanks")
        page.goto(path)  # usable once
        expect(page.get_by_test_id("rate-dead")).to_contain_text("استُخدم رابط التقييم")
        shots(page, "4-rating-link-used")
    finally:
        context.close()


def test_an_overcharging_complaint_is_upheld_and_refunded(page, shots):
    login(page, "demo-citizen")
    page.goto("/my/cases/")
    page.locator("a[href^='/my/cases/SND-']").first.click()
    reference = page.get_by_test_id("case-reference").inner_text()
    page.goto(f"/my/complaints/new/?case={reference}")
    page.get_by_label("تحصيل رسوم زائدة").check()
    page.get_by_label("ما حدث").fill("طلب مني الموظف ريالين زيادة على الرسوم المعلنة.")
    shots(page, "1-complaint-form")
    page.get_by_test_id("complaint-submit").click()
    complaint = page.get_by_test_id("complaint-reference").inner_text()
    assert complaint.startswith("CMP-")
    expect(page.get_by_test_id("complaint-state")).to_have_text("مستلمة")
    shots(page, "2-complaint-filed")

    page.context.clear_cookies()
    login(page, "demo-regulator")
    page.goto("/regulator/complaints/")
    page.get_by_label("الرقم المرجعي").fill(complaint)  # the desk holds the whole country's complaints
    page.get_by_test_id("desk-filters").get_by_role("button").click()
    expect(page.get_by_test_id("desk")).to_contain_text(complaint)
    shots(page, "3-desk")
    page.get_by_role("link", name=complaint).click()
    expect(page.get_by_test_id("overcharge")).to_be_visible()
    page.get_by_test_id("act-assign").click()
    page.get_by_test_id("act-investigate").click()
    page.get_by_label(re.compile("ملاحظة")).first.fill("ثبت تحصيل مبلغ زائد بحسب الإيصال.")
    page.get_by_test_id("act-uphold").click()
    expect(page.get_by_test_id("complaint-state")).to_have_text("ثبتت")
    page.get_by_label(re.compile("رسوم المركز المستردة")).fill("0.500")
    page.get_by_test_id("refund").click()
    expect(page.locator(".alert-success")).to_contain_text("استرداد")
    shots(page, "4-upheld-and-refunded")


def test_the_quality_index_on_the_centre_page_the_finder_and_the_ranking(page, shots):
    page.goto("/centres/?sort=quality")
    expect(page.get_by_test_id("centre-result").first.get_by_test_id("quality-badge")).to_be_visible()
    shots(page, "1-finder-by-quality")
    page.get_by_test_id("centre-result").first.get_by_role("link").first.click()
    expect(page.get_by_test_id("centre-quality")).to_contain_text("مؤشر الجودة")
    shots(page, "2-centre-page")
    page.goto("/quality/")
    expect(page.get_by_test_id("formula-1")).to_contain_text("رضا المواطنين")
    shots(page, "3-formula")
    login(page, "demo-regulator")
    page.goto("/regulator/quality/")
    page.get_by_label("المحافظة").select_option("OM-BS")
    page.get_by_test_id("rank").click()
    expect(page.get_by_test_id("ranking")).to_be_visible()
    shots(page, "4-ranking")
