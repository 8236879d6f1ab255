"""Centre fees never exceed the catalogue's cap; a cap lowered later flags the price and the cap is charged."""

import pytest
from conftest import authed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.catalogue.models import Service
from sanad.catalogue.services import centre_fee_cap_set
from sanad.centres import selectors
from sanad.centres.constants import StaffRole
from sanad.centres.models import CentreService
from sanad.centres.selectors import FeeQuote
from sanad.centres.services import centre_price_set
from sanad.core.errors import NotFound, PermissionDenied, ValidationFailed

from .factories import make_centre, price, staff_of

pytestmark = pytest.mark.django_db


def test_a_manager_sets_a_price_within_the_cap(dl_renew):
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    row = centre_price_set(centre_id=centre.pk, actor=manager, service_code="ROP-DL-RENEW", centre_fee=1500)
    assert (row.centre_fee, row.updated_by) == (1500, manager)
    assert selectors.centre_fee_for(centre, dl_renew) == FeeQuote(
        fee=1500, price=1500, cap=2000, flagged=False
    )


def test_a_price_above_the_cap_is_refused_naming_the_cap_and_the_old_price_stays(dl_renew):
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    price(centre, dl_renew, 1800)
    with pytest.raises(ValidationFailed) as caught:
        centre_price_set(centre_id=centre.pk, actor=manager, service_code="ROP-DL-RENEW", centre_fee=2001)
    assert "2.000" in caught.value.message
    assert caught.value.extra["cap"] == 2000
    assert CentreService.objects.get(centre=centre).centre_fee == 1800


@pytest.mark.parametrize("fee", [-1, "abc", None, 1.5, True])
def test_a_fee_that_is_not_a_whole_number_of_baisa_is_refused(fee, dl_renew):
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    with pytest.raises(ValidationFailed):
        centre_price_set(centre_id=centre.pk, actor=manager, service_code="ROP-DL-RENEW", centre_fee=fee)
    assert not CentreService.objects.exists()


def test_when_the_regulator_lowers_the_cap_the_price_is_flagged_and_the_cap_is_charged(dl_renew, regulator):
    centre = make_centre()
    price(centre, dl_renew, 2000)
    centre_fee_cap_set(actor=regulator, service=dl_renew, cap=1500, reason="خفض سقف الرسوم")
    dl_renew.refresh_from_db()
    quote = selectors.centre_fee_for(centre, dl_renew)
    assert quote == FeeQuote(fee=1500, price=2000, cap=1500, flagged=True)
    assert list(selectors.prices_flagged()) == [CentreService.objects.get(centre=centre)]
    [row] = selectors.centre_prices(centre)
    assert (row.flagged, row.fee) == (True, 1500)
    # And the old price can no longer be set again.
    manager = staff_of(centre, StaffRole.MANAGER)
    with pytest.raises(ValidationFailed) as caught:
        centre_price_set(centre_id=centre.pk, actor=manager, service_code="ROP-DL-RENEW", centre_fee=2000)
    assert "1.500" in caught.value.message
    centre_price_set(centre_id=centre.pk, actor=manager, service_code="ROP-DL-RENEW", centre_fee=1500)
    assert not selectors.prices_flagged().exists()


def test_the_fee_charged_is_the_price_or_the_current_cap_whichever_is_lower(dl_renew, regulator):
    centre = make_centre()
    row = price(centre, dl_renew, 0)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(fee=st.integers(0, 5000), cap=st.integers(0, 5000))
    def check(fee, cap):
        service = Service.objects.select_related("current_version").get(pk=dl_renew.pk)
        if service.current_version.centre_fee_cap != cap:
            centre_fee_cap_set(actor=regulator, service=service, cap=cap, reason="مراجعة السقف")
            service = Service.objects.select_related("current_version").get(pk=dl_renew.pk)
        CentreService.objects.filter(pk=row.pk).update(centre_fee=fee)
        quote = selectors.centre_fee_for(centre, service)
        assert quote == FeeQuote(fee=min(fee, cap), price=fee, cap=cap, flagged=fee > cap)
        assert selectors.prices_flagged().filter(pk=row.pk).exists() == (fee > cap)

    check()


def test_a_service_the_centre_does_not_offer_has_no_fee(dl_renew):
    with pytest.raises(NotFound):
        selectors.centre_fee_for(make_centre(), dl_renew)


def test_a_clerk_cannot_set_prices(dl_renew):
    centre = make_centre()
    clerk = staff_of(centre, StaffRole.CLERK)
    with pytest.raises(PermissionDenied):
        centre_price_set(centre_id=centre.pk, actor=clerk, service_code="ROP-DL-RENEW", centre_fee=100)
    assert not CentreService.objects.exists()


def test_api_price_above_the_cap_is_a_422_naming_the_cap(api_client, dl_renew):
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    url = f"/api/v1/centres/{centre.pk}/prices/ROP-DL-RENEW/"
    response = authed(api_client, manager).put(
        url, {"centre_fee": 2500}, format="json", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["cap"] == 2000 and "2.000 ر.ع." in body["detail"]
    assert not CentreService.objects.exists()
    ok = api_client.put(url, {"centre_fee": 1750}, format="json")
    assert ok.status_code == 200
    assert ok.json() | {} == {
        "service": "ROP-DL-RENEW",
        "name_ar": dl_renew.current_version.name_ar,
        "name_en": dl_renew.current_version.name_en,
        "institution": "ROP",
        "centre_fee": 1750,
        "cap": 2000,
        "fee": 1750,
        "vat": 88,
        "flagged": False,
    }


def test_api_clerk_gets_403_and_a_manager_of_another_centre_gets_404(api_client, dl_renew):
    centre_a, centre_b = make_centre(), make_centre()
    clerk_a = staff_of(centre_a, StaffRole.CLERK)
    manager_a = staff_of(centre_a, StaffRole.MANAGER)
    response = authed(api_client, clerk_a).put(
        f"/api/v1/centres/{centre_a.pk}/prices/ROP-DL-RENEW/", {"centre_fee": 100}, format="json"
    )
    assert response.status_code == 403
    response = authed(api_client, manager_a).put(
        f"/api/v1/centres/{centre_b.pk}/prices/ROP-DL-RENEW/", {"centre_fee": 100}, format="json"
    )
    assert response.status_code == 404
    assert not CentreService.objects.exists()
