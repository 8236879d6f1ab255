"""The audit trail and personal data rights in the browser, in Arabic: the regulator finds every
write and read of one case and exports them; the citizen sees who opened their transaction,
downloads a copy of their data, asks for a correction that the regulator approves, and is told why
an erasure must wait."""

import io
import json
import re
import zipfile

from playwright.sync_api import expect

from .conftest import login

CASE_OBJECT = re.compile(r"case:(SND-\d{4}-\d{7}-\d)")


def demo_case_reference(page) -> str:
    """The case the seeded demo walked through: the clerk wrote to it, the regulator opened it."""
    # The trail is newest first and other browser tests open cases as the regulator too: the seeded
    # read is the regulator's oldest, the last entry of the last page (a page past the end is the last).
    page.goto("/regulator/audit/?person=demo-regulator&page=100000")
    entries = page.get_by_test_id("trail-entry")
    expect(entries.first).to_be_visible()
    matches = CASE_OBJECT.findall(" ".join(entries.all_inner_texts()))
    assert matches, "the demo regulator's read of a case is not in the trail"
    return matches[-1]


def test_the_regulator_finds_every_write_and_read_of_a_case(page, shots):
    login(page, "demo-regulator")
    reference = demo_case_reference(page)
    page.goto("/regulator/audit/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="سجل التدقيق")).to_be_visible()
    page.get_by_label("السجل").fill(f"case:{reference}")
    page.get_by_role("button", name="بحث").click()
    entries = page.get_by_test_id("trail-entry")
    expect(entries.first).to_be_visible()
    text = " ".join(entries.all_inner_texts())
    # The seeded demo walked this case through the counter: the clerk opened it, took the fee and
    # submitted it (writes: the payment, its receipt, the case, its event), then the regulator read it.
    assert "demo-clerk" in text and "demo-regulator" in text
    assert "أُنشئ" in text and "عُدّل" in text and "اطُّلع عليه" in text
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", text)
    shots(page, "1-trail-of-one-case")

    with page.expect_download() as download:
        page.get_by_test_id("trail-export").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert reference in exported and "demo-clerk" in exported

    page.get_by_label("السجل").fill("case:SND-2026-0000001-3")  # the check digit is 2
    page.get_by_role("button", name="بحث").click()
    expect(page.locator(".invalid-feedback, [data-testid='trail-error']").first).to_be_visible()
    expect(page.get_by_test_id("trail-entry")).to_have_count(0)
    shots(page, "2-mistyped-reference")


def test_a_citizen_sees_who_opened_their_transaction(page, shots):
    login(page, "demo-citizen")
    page.goto("/my/cases/")
    page.locator("a[href^='/my/cases/SND-']").first.click()
    reference = page.get_by_test_id("case-reference").inner_text().strip()
    page.context.clear_cookies()
    login(page, "demo-regulator")
    page.goto(f"/cases/{reference}/")  # the regulator opens it: a read of personal data
    expect(page.get_by_text(reference).first).to_be_visible()
    page.context.clear_cookies()
    login(page, "demo-citizen")
    page.goto(f"/my/cases/{reference}/")
    panel = page.get_by_test_id("readers-panel")
    expect(panel).to_contain_text("من اطلع على معاملتك")
    reader = panel.get_by_test_id("reader").first
    expect(reader).to_contain_text("اطُّلع عليه")
    expect(reader.locator("time")).to_have_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"))
    panel.scroll_into_view_if_needed()
    shots(page, "1-who-opened-my-case")


def test_a_citizen_downloads_their_data_corrects_it_and_is_told_why_erasure_waits(page, shots):
    login(page, "demo-citizen")
    page.goto("/my/data/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="بياناتي", exact=True)).to_be_visible()
    shots(page, "1-my-data")

    # The ZIP (JSON, a PDF summary, the documents) is built on the request: slow on a loaded machine.
    with page.expect_download(timeout=180_000) as download:
        page.get_by_test_id("export-button").click(timeout=180_000)
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    names = archive.namelist()
    data_json = next(n for n in names if n.endswith(".json"))
    assert any(n.endswith(".pdf") for n in names)
    data = json.loads(archive.read(data_json))
    assert "demo-citizen" in json.dumps(data, ensure_ascii=False)

    page.goto("/my/data/")
    page.get_by_label("البيان").select_option("mobile")
    page.get_by_label("القيمة الصحيحة").fill("+96899887766")
    page.get_by_role("button", name="إرسال للمراجعة").click()
    expect(page.get_by_test_id("correction").first).to_contain_text("+96899887766")
    shots(page, "2-correction-sent")

    blocked = page.get_by_test_id("erasure-blockers").count() > 0
    page.get_by_test_id("erasure-button").click()
    if blocked:  # an open transaction or money owed: refused with the reason, nothing scheduled
        expect(page.get_by_test_id("rights-error")).to_be_visible()
        expect(page.get_by_test_id("erasure")).to_have_count(0)
        shots(page, "3-erasure-refused-with-the-reason")
    else:  # scheduled after the retention period, and withdrawn
        expect(page.get_by_test_id("erasure").first).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
        shots(page, "3-erasure-scheduled")
        page.get_by_test_id("erasure").first.get_by_role("button", name="سحب").click()
        expect(page.get_by_test_id("erasure").first.get_by_role("button", name="سحب")).to_have_count(0)
        shots(page, "3b-erasure-withdrawn")

    page.context.clear_cookies()
    login(page, "demo-regulator")
    page.goto("/corrections/")
    request = page.get_by_test_id("correction-request").filter(has_text="+96899887766")
    expect(request).to_be_visible()
    shots(page, "4-corrections-to-review")
    request.get_by_role("button", name="قبول").click()
    expect(page.get_by_test_id("correction-request").filter(has_text="+96899887766")).to_have_count(0)
    shots(page, "5-correction-approved")
