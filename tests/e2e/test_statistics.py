"""The regulator lands on the national dashboard and reads it in Arabic and in English; the public
finds the open data."""

import re

from playwright.sync_api import expect

from .conftest import login


def test_the_regulator_lands_on_the_national_dashboard_in_arabic_and_english(page, shots):
    login(page, "demo-regulator")
    expect(page).to_have_url(re.compile(r"/regulator/$"))
    expect(page.get_by_role("heading", name="مراكز سند بالأرقام")).to_be_visible()
    headline = page.get_by_test_id("headline")
    expect(headline).to_contain_text("المراكز المرخّصة")
    expect(page.get_by_test_id("centres-licensed")).to_have_text(re.compile(r"^\d[\d,]*$"))
    expect(page.get_by_test_id("cases-this-year")).not_to_have_text("0")
    expect(page.get_by_test_id("jobs")).not_to_have_text("0")
    # The map draws the governorates from the bundled boundaries; the charts draw.
    # (11 governorate shapes, then a circle per wilayat with transactions)
    expect(page.locator("#stats-map path.leaflet-interactive").nth(11)).to_be_attached()
    expect(page.get_by_test_id("by-governorate")).to_contain_text("مسقط")
    page.wait_for_timeout(500)  # let the charts finish their first frame for the screenshot
    shots(page, "01-national-dashboard-ar")

    # The table sorts by a column when its header is clicked.
    table = page.get_by_test_id("by-governorate").locator("table")
    table.locator("thead th").nth(3).click()
    first = table.locator("tbody tr").first.locator("td").nth(2).get_attribute("data-v")
    last = table.locator("tbody tr").last.locator("td").nth(2).get_attribute("data-v")
    assert int(first) <= int(last)

    page.get_by_test_id("language-switch").click()
    expect(page.get_by_role("heading", name="Sanad centres in numbers")).to_be_visible()
    expect(page.get_by_test_id("headline")).to_contain_text("Licensed centres")
    expect(page.get_by_test_id("by-governorate")).to_contain_text("Muscat")
    page.wait_for_timeout(500)
    shots(page, "02-national-dashboard-en")

    # A filter narrows every figure; a bad period is explained, not failed.
    page.goto("/regulator/?governorate=OM-MU")
    expect(page.get_by_test_id("by-governorate").locator("tbody tr")).to_have_count(1)
    page.goto("/regulator/?from=2026-05-01&to=2026-01-01")
    expect(page.get_by_test_id("stats-error")).to_be_visible()
    shots(page, "03-bad-period")


def test_anyone_finds_the_open_data_with_its_licence(page, shots):
    page.goto("/open-data/")
    expect(page.get_by_test_id("open-data")).to_contain_text("CC BY 4.0")
    expect(page.get_by_test_id("dataset")).to_have_count(3)
    shots(page, "01-open-data")


def test_the_manager_lands_on_the_business_dashboard(page, shots):
    login(page, "demo-manager")
    page.get_by_role("link", name="مركزي").click()
    expect(page.get_by_test_id("centre-dashboard")).to_be_visible()
    expect(page.get_by_test_id("manage-title")).to_be_visible()
    page.wait_for_timeout(500)
    shots(page, "01-centre-business")


def test_the_officer_lands_on_the_inbox_and_opens_the_institution_dashboard(page, shots):
    login(page, "demo-officer")
    expect(page).to_have_url(re.compile(r"/institution/inbox/$"))
    page.goto("/institution/")
    expect(page.get_by_test_id("institution-dashboard")).to_contain_text("شرطة عُمان السلطانية")
    page.wait_for_timeout(500)
    shots(page, "01-institution-dashboard")
