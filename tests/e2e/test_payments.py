"""Payments in the browser, in Arabic: the clerk takes cash on the case page and downloads the receipt
(its first page is rendered to PNG to look at: Arabic shaped and right to left); the QR code's address
says the receipt is genuine; the citizen pays online through the simulated gateway; the manager
closes their drawer and sees the day's totals, and the settlement page."""

import json
import re
import shutil
import subprocess
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import RESULTS, login

DEMO_CITIZEN_CIVIL_NUMBER = "12345678"
DL_FORM = {
    "civil_number": DEMO_CITIZEN_CIVIL_NUMBER,
    "licence_number": "7788990",
    "licence_class": "light",
    "renewal_years": "10",
    "blood_group": "o_pos",
    "mobile_number": "91234567",
}


def api(server, path, *, token=None, body=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    method = "POST" if body is not None else "GET"
    request = urllib.request.Request(server + path, data=data, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own local server)
        return json.loads(response.read())


def open_walk_in(server) -> str:
    """The demo clerk opens a driving-licence renewal for the demo citizen (through the API)."""
    token = api(server, "/api/v1/auth/token/", body={"username": "demo-clerk", "password": "sanad-demo"})[
        "token"
    ]
    centre = api(server, "/api/v1/cash/drawer/", token=token)["centre"]
    case = api(
        server,
        "/api/v1/cases/",
        token=token,
        body={
            "centre": centre,
            "service": "ROP-DL-RENEW",
            "channel": "walk_in",
            "form_data": DL_FORM,
            "government_fee": 20000,
            "citizen": {"id_number": DEMO_CITIZEN_CIVIL_NUMBER},
        },
    )
    return case["reference"]


def flash(page):
    return page.locator("main [role=status] .alert").first


def test_the_clerk_takes_cash_prints_the_receipt_and_its_qr_code_says_genuine(page, server, shots, request):
    reference = open_walk_in(server)
    login(page, "demo-clerk")
    page.goto(f"/centre/cases/{reference}/")
    panel = page.get_by_test_id("payments-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("payment-status")).to_contain_text("المستحق")
    panel.scroll_into_view_if_needed()
    shots(page, "01-case-page-unpaid")

    page.get_by_test_id("counter-bar").get_by_test_id("take-cash").click()
    expect(flash(page)).to_contain_text("سُجّلت الدفعة")
    panel = page.get_by_test_id("payments-panel")
    expect(panel.get_by_test_id("payment-status")).to_have_text(re.compile("مدفوعة بالكامل"))
    number = panel.get_by_test_id("receipt-number").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]+-\d{4}-\d{6}", number), number
    shots(page, "02-case-page-paid")

    with page.expect_download() as download_info:
        panel.get_by_test_id("receipt-download").first.click()
    folder = RESULTS / request.node.name
    pdf_path = folder / "receipt.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("pdftotext/pdftoppm (poppler-utils) are not installed")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "110",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(folder / "receipt-page-1"),
        ],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "إيصال دفع" in text and number in text and reference in text

    # The QR code carries the verification address (also printed under it).
    verify = re.search(r"(https?://\S+/verify/\S+/)", text.replace("\n", " ")).group(1)
    page.goto(verify)
    expect(page.get_by_test_id("verify-result")).to_contain_text("إيصال صحيح")
    expect(page.get_by_test_id("verify-result")).to_contain_text("20.000")
    shots(page, "03-verified")
    page.goto(verify.rstrip("/")[:-4] + "0000/")
    expect(page.get_by_test_id("verify-result")).to_contain_text("لا يوجد إيصال يطابق هذا الرمز")
    shots(page, "04-wrong-token")


def test_the_citizen_pays_online_through_the_simulated_gateway(page, server, shots):
    reference = open_walk_in(server)
    login(page, "demo-citizen")
    page.goto(f"/my/cases/{reference}/")
    pay = page.get_by_test_id("pay-online")
    expect(pay).to_be_visible()
    pay.scroll_into_view_if_needed()
    shots(page, "01-citizen-case")
    pay.click()

    expect(page).to_have_url(re.compile(r"/demo/gateway/pay/GW-"))
    expect(page.get_by_test_id("gateway-case")).to_have_text(reference)
    expect(page.get_by_test_id("gateway-amount")).to_contain_text(".")
    shots(page, "02-gateway")
    page.get_by_role("button", name="ادفع").click()

    expect(page).to_have_url(re.compile(rf"/payments/cases/{reference}/online/return/"))
    expect(page.get_by_test_id("online-status")).to_contain_text("تأكّد الدفع", timeout=20000)
    expect(page.get_by_test_id("receipt-number")).to_be_visible()
    shots(page, "03-confirmed")
    page.goto(f"/my/cases/{reference}/")
    expect(page.get_by_test_id("payment-status")).to_contain_text("مدفوعة بالكامل")


def test_the_manager_sees_the_days_totals_closes_a_drawer_and_opens_the_settlement(page, shots):
    login(page, "demo-manager")
    page.goto("/centre/cash/")
    expect(page.get_by_role("heading", level=1)).to_have_text("درج النقد")
    expect(page.get_by_test_id("daily-totals")).to_be_visible()
    shots(page, "01-cash-drawer")
    page.get_by_label("النقد المعدود في الدرج (ر.ع.)").fill("-1")
    page.get_by_test_id("close-day").click()
    expect(flash(page)).to_contain_text("لا يمكن أن يكون النقد المعدود سالبًا")
    expected = page.get_by_test_id("expected-cash").inner_text().split()[0]
    page.get_by_label("النقد المعدود في الدرج (ر.ع.)").fill(expected)
    page.get_by_test_id("close-day").click()
    expect(page.get_by_test_id("drawer-closed")).to_be_visible()
    shots(page, "02-drawer-closed")

    page.goto("/centre/settlement/")
    expect(page.get_by_test_id("ledger")).to_be_visible()
    shots(page, "03-settlement")
    with page.expect_download() as download_info:
        page.get_by_test_id("statement-xlsx").first.click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
