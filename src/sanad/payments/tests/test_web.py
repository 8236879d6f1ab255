"""The payments panel on the case pages, and paying through the web as a clerk and as a citizen."""

import pytest

from sanad.payments.models import DailyClose, Payment

from .factories import pay_cash

pytestmark = pytest.mark.django_db


def test_the_clerk_takes_cash_from_the_case_page_and_a_double_click_is_one_payment(client, case, clerk):
    client.force_login(clerk)
    page = client.get(f"/centre/cases/{case.reference}/").content.decode()
    assert 'data-testid="payments-panel"' in page and "استلام 21.575 ر.ع. نقدًا" in page
    import re

    key = re.search(r'name="form_key" value="([^"]+-cash)"', page).group(1)
    form = {"method": "cash", "amount": "21.575", "form_key": key, "next": f"/centre/cases/{case.reference}/"}
    first = client.post(f"/payments/cases/{case.reference}/take/", form, follow=True)
    client.post(f"/payments/cases/{case.reference}/take/", form)  # the second click of a double click
    assert Payment.objects.count() == 1
    html = first.content.decode()
    number = Payment.objects.get().receipt.number
    assert number in html and "مدفوعة بالكامل" in html
    assert first.redirect_chain[-1][0] == f"/centre/cases/{case.reference}/"


def test_a_wrong_amount_on_the_web_says_so_and_takes_nothing(client, case, clerk):
    client.force_login(clerk)
    response = client.post(
        f"/payments/cases/{case.reference}/take/", {"method": "cash", "amount": "2"}, follow=True
    )
    assert "المبلغ المستحق 21.575" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_card_payment_on_the_web_needs_the_approval_reference(client, case, clerk):
    client.force_login(clerk)
    response = client.post(
        f"/payments/cases/{case.reference}/take/",
        {"method": "card_terminal", "amount": "21.575"},
        follow=True,
    )
    assert "رقم الموافقة" in response.content.decode()
    assert not Payment.objects.exists()
    client.post(
        f"/payments/cases/{case.reference}/take/",
        {"method": "card_terminal", "amount": "21.575", "approval_reference": "778812"},
    )
    assert Payment.objects.get().approval_reference == "778812"


def test_the_citizen_pays_online_through_the_gateway_and_comes_back_to_a_confirmed_payment(
    client, case, person, gateway_http, django_capture_on_commit_callbacks
):
    client.force_login(person)
    page = client.get(f"/my/cases/{case.reference}/").content.decode()
    assert 'data-testid="pay-online"' in page
    started = client.post(f"/payments/cases/{case.reference}/online/", {"amount": "21.575"})
    payment = Payment.objects.get()
    assert started["Location"] == payment.gateway_url
    again = client.post(f"/payments/cases/{case.reference}/online/", {"amount": "21.575"})
    assert (
        again["Location"] == payment.gateway_url and Payment.objects.count() == 1
    )  # resumes, no second payment
    with django_capture_on_commit_callbacks(execute=True):
        back = client.post(payment.gateway_url, {"action": "pay", "mode": "succeed"})
    assert back["Location"] == f"http://testserver/payments/cases/{case.reference}/online/return/"
    done = client.get(f"/payments/cases/{case.reference}/online/return/").content.decode()
    payment.refresh_from_db()
    assert "تأكّد الدفع" in done and payment.receipt.number in done


def test_the_citizen_sees_the_panel_but_no_counter_buttons_and_other_people_see_nothing(
    client, case, person, clerk
):
    from .factories import citizen

    pay_cash(case, clerk)
    client.force_login(person)
    page = client.get(f"/payments/cases/{case.reference}/").content.decode()
    assert "مدفوعة بالكامل" in page and 'data-testid="take-cash"' not in page
    receipt = Payment.objects.get().receipt.number
    assert client.get(f"/receipts/{receipt}.pdf").status_code == 200
    client.force_login(citizen())
    assert client.get(f"/payments/cases/{case.reference}/").status_code == 404
    assert client.get(f"/receipts/{receipt}.pdf").status_code == 404


def test_the_pages_need_a_sign_in_except_verification(client, case):
    for url in (
        f"/payments/cases/{case.reference}/",
        "/centre/cash/",
        "/centre/settlement/",
        "/regulator/settlement/",
    ):
        assert client.get(url).status_code == 302


def test_navigation_has_the_drawer_for_clerks_and_settlement_only_for_managers(client, clerk):
    client.force_login(clerk)
    page = client.get("/centre/cash/").content.decode()
    # Settlement is the manager's page: a clerk is not offered a link that would end in a 403.
    assert 'href="/centre/cash/"' in page and 'href="/centre/settlement/"' not in page
    assert not DailyClose.objects.exists()
