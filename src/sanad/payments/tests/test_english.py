"""English is a switch away: the payments pages render in English too."""

import pytest
from django.conf import settings

from .factories import pay_cash

pytestmark = pytest.mark.django_db


def test_the_payments_pages_in_english(client, case, clerk, boss):
    pay_cash(case, clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(boss)
    for url, text in (
        (f"/payments/cases/{case.reference}/", "Paid in full"),
        ("/centre/cash/", "Daily totals per staff member and method"),
        ("/centre/settlement/", "Settlement of government fees"),
    ):
        page = client.get(url)
        assert page.status_code == 200 and text in page.content.decode(), url
