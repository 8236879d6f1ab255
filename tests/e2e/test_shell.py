import re

from playwright.sync_api import expect

from .conftest import login


def test_home_reads_right_to_left_switches_to_english_and_a_clerk_signs_in(page, shots):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_contain_text("معاملاتك")
    expect(page.get_by_test_id("governorate")).to_have_count(11)
    # Right-to-left for real: the brand sits at the right edge of the header.
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > 1280 / 2
    shots(page, "01-home-ar")

    page.get_by_test_id("language-switch").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_text("Muscat", exact=True).first).to_be_visible()
    shots(page, "02-home-en")
    page.reload()  # remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_test_id("language-switch").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    login(page, "demo-clerk")
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("demo-clerk")
    # A clerk lands on the centre's console.
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("لوحة المركز"))
    shots(page, "03-clerk-signed-in")


def test_a_wrong_password_says_so_in_arabic(page, shots):
    login(page, "demo-clerk", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("اسم المستخدم أو كلمة المرور غير صحيحة")
    shots(page, "wrong-password")
