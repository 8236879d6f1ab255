"""Centres and licensing in the browser, in Arabic: find the nearest open centre for a service,
the manager's hours and prices, the regulator taking an application to a licence, the map."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import login, sign_out

DEMO_CENTRE = "مركز بوشر النموذجي لخدمات سند"
DL_RENEW = "ROP-DL-RENEW"


def test_a_citizen_finds_the_nearest_open_centre_that_renews_driving_licences(browser, server, page, shots):
    # The demo manager opens the centre all day today (special hours), so "open now" holds whenever this runs.
    login(page, "demo-manager")
    page.get_by_role("link", name="مركزي").click()
    expect(page.get_by_test_id("manage-title")).to_have_text(DEMO_CENTRE)
    page.get_by_role("link", name="الأسعار").click()
    row = page.locator(f'[data-testid="price-row"][data-service="{DL_RENEW}"]')
    row.get_by_role("textbox").fill("9.999")
    row.get_by_role("button", name="حفظ").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("2.000 ر.ع.")  # the cap, named
    shots(page, "01-manager-price-above-cap")
    page.get_by_role("link", name="ساعات العمل").first.click()
    today = timezone.localdate().isoformat()
    form = page.get_by_test_id("exception-form")
    form.locator("#x-from").fill(today)
    form.locator("#x-to").fill(today)
    form.locator("#x-name").fill("دوام ممتد")
    form.get_by_label("بداية الفترة الأولى").fill("00:00")
    form.get_by_label("نهاية الفترة الأولى").fill("24:00")
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("أُضيف الدوام الخاص")
    shots(page, "02-manager-special-hours")
    sign_out(page)

    centre = page.request.get("/api/v1/centres/?wilayat=OM-MA-BAWSHAR&page_size=200").json()
    here = next(c for c in centre["results"] if c["name_ar"] == DEMO_CENTRE)
    context = browser.new_context(
        base_url=server,
        locale="ar-OM",
        viewport={"width": 1280, "height": 900},
        geolocation={"latitude": here["latitude"], "longitude": here["longitude"]},
        permissions=["geolocation"],
    )
    citizen = context.new_page()
    citizen.set_default_timeout(30000)
    citizen.goto("/")
    citizen.get_by_role("link", name="ابحث عن مركز").first.click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("ابحث عن مركز سند")
    citizen.get_by_label("الولاية").select_option(label="بوشر")
    citizen.get_by_label("الخدمة").select_option(value=DL_RENEW)
    citizen.get_by_label("مفتوح الآن").check()
    citizen.get_by_role("button", name="الأقرب إليّ").click()
    expect(citizen.get_by_test_id("result-count")).to_contain_text("الأقرب أولًا")
    first = citizen.get_by_test_id("centre-result").first
    expect(first).to_contain_text(DEMO_CENTRE)
    expect(first.get_by_test_id("distance")).to_have_text("0.0 كم")
    expect(first.get_by_test_id("open-badge")).to_be_visible()
    distances = [float(t.split()[0]) for t in citizen.get_by_test_id("distance").all_inner_texts()]
    assert distances == sorted(distances)
    expect(citizen.locator("#map-count")).not_to_have_text("…")  # the map's points have loaded
    shots(citizen, "03-nearest-open-centres")

    first.get_by_role("link", name=DEMO_CENTRE).click()
    expect(citizen.get_by_test_id("centre-name")).to_have_text(DEMO_CENTRE)
    price = citizen.locator(f'[data-testid="price-row"][data-service="{DL_RENEW}"]')
    expect(price).to_contain_text("تجديد رخصة القيادة")
    expect(price.get_by_test_id("centre-fee")).to_contain_text(re.compile(r"\d+\.\d{3} ر\.ع\."))
    expect(citizen.get_by_text("مفتوح الآن").first).to_be_visible()
    shots(citizen, "04-centre-page")
    context.close()


def test_the_regulator_takes_an_application_to_a_licence_and_suspends_it(page, shots):
    login(page, "demo-regulator")
    page.get_by_role("link", name="التراخيص").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("لوحة التراخيص")
    shots(page, "01-licensing-console")
    page.get_by_role("link", name="مركز الأفق لخدمات سند").click()
    expect(page.get_by_test_id("licence-state")).to_have_text("تم تقديم الطلب")

    def act(label: str, state: str):
        page.get_by_role("button", name=label).click()
        expect(page.get_by_test_id("licence-state").first).to_have_text(state)

    act("بدء المراجعة", "قيد المراجعة")
    interview = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("تاريخ المقابلة ووقتها").fill(interview)
    act("تحديد موعد المقابلة", "المقابلة مجدولة")
    act("تسجيل اجتياز المقابلة", "اجتاز المقابلة")
    act("منح الموافقة المبدئية", "موافقة مبدئية")
    form = page.get_by_test_id("inspection-form")
    expect(form.get_by_label("نوع الزيارة")).to_have_value("fitout")
    for box in form.get_by_role("checkbox").all():
        box.check()
    form.get_by_role("button", name="تسجيل الزيارة").click()
    expect(page.get_by_test_id("licence-state").first).to_have_text("اجتاز فحص التجهيز")
    act("منح الموافقة النهائية وإصدار الترخيص", "مرخّص")
    expect(page.get_by_test_id("licence-number")).to_have_text(re.compile(r"SC-\d{6}"))
    expect(page.get_by_test_id("history-event")).to_have_count(7)
    shots(page, "02-licence-issued")

    suspend = page.get_by_test_id("action-suspend")
    suspend.get_by_label("موقوف حتى").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    suspend.get_by_role("textbox", name="السبب أو الملاحظة").fill("عدم الالتزام بساعات العمل")
    act("إيقاف", "موقوف")
    act("رفع الإيقاف", "مرخّص")
    expect(page.get_by_test_id("history-event")).to_have_count(9)
    shots(page, "03-licence-history")


def test_the_map_shows_the_network_and_the_page_works_on_a_phone(browser, server, shots):
    context = browser.new_context(base_url=server, locale="ar-OM", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/centres/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#map-count")).to_have_text(re.compile(r"^9\d\d$"))
    count = int(page.locator("#map-count").inner_text())
    assert 900 <= count <= 940
    open_now = page.locator("#map-open").inner_text()
    assert open_now.isdigit() and int(open_now) <= count  # the markers are coloured by it
    expect(page.locator("#centres-map canvas").first).to_be_attached()
    shots(page, "01-phone-find")
    context.close()
