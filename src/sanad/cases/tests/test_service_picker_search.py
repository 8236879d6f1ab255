"""The clerk's service picker searches as the clerk types, ranked, over what the centre offers, and
shows the best matches with the matched words highlighted."""

import pytest

from .factories import DL_RENEW, licensed_centre, staff

pytestmark = pytest.mark.django_db
OPTIONS = "/centre/cases/new/services/"


@pytest.fixture
def clerk(client):
    user = staff(licensed_centre(services=(DL_RENEW, "ROP-VEH-RENEW")))
    client.force_login(user)
    return user


def test_the_picker_finds_a_colloquial_name_and_highlights_the_matched_words(client, clerk):
    html = client.get(OPTIONS, {"q": "تجديد رخصة سياقة"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'value="{DL_RENEW}"' in html
    assert 'data-testid="service-matches"' in html and 'hx-swap-oob="true"' in html
    assert "<mark>رخصة</mark>" in html


def test_the_picker_lists_only_what_the_centre_offers(client, clerk):
    html = client.get(OPTIONS, {"q": "جواز"}, HTTP_HX_REQUEST="true").content.decode()
    assert "ROP-PASSPORT" not in html


def test_the_picker_escapes_what_the_clerk_typed(client, clerk):
    html = client.get(
        OPTIONS, {"q": "<script>alert(1)</script> رخصة"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<script>" not in html
    assert f'value="{DL_RENEW}"' in html
