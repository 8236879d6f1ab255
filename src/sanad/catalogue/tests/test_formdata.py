"""Form data is validated on the server against the version's field definitions, with a
translated message per field. The cases area calls form_data_validate."""

import datetime

import pytest
import time_machine

from sanad.catalogue.formdata import form_json_schema
from sanad.catalogue.models import Service
from sanad.catalogue.services import form_data_validate
from sanad.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def _version(code="ROP-DL-RENEW"):
    return Service.objects.get(code=code).current_version


def test_valid_data_comes_back_cleaned():
    data = {
        "civil_number": "١٢٣٤٥٦٧٨",
        "licence_number": "12345678",
        "licence_class": "light",
        "renewal_years": "10",
        "blood_group": "o_pos",
        "mobile_number": "91234567",
    }
    cleaned = form_data_validate(version=_version(), data=data, language="en")
    assert cleaned["civil_number"] == "12345678"
    assert cleaned["mobile_number"] == "+96891234567"


def test_each_bad_value_gets_its_own_message_in_the_asked_language():
    data = {"civil_number": "abc", "licence_number": "12x", "licence_class": "plane", "surprise": 1}
    with pytest.raises(ValidationFailed) as error:
        form_data_validate(version=_version(), data=data, language="ar")
    errors = error.value.errors
    assert set(errors) == {
        "civil_number",
        "licence_number",
        "licence_class",
        "renewal_years",
        "blood_group",
        "mobile_number",
        "surprise",
    }
    assert errors["renewal_years"] == ["هذا الحقل مطلوب."]
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in msgs[0]) for msgs in errors.values())
    with pytest.raises(ValidationFailed) as english:
        form_data_validate(version=_version(), data=data, language="en")
    assert english.value.errors["renewal_years"] == ["This field is required."]


def test_numbers_dates_and_plates_follow_their_constraints():
    fields = [
        {
            "key": "count",
            "type": "number",
            "label_ar": "ع",
            "label_en": "n",
            "required": True,
            "constraints": {"min": 1, "max": 10, "integer": True},
        },
        {
            "key": "rent",
            "type": "number",
            "label_ar": "ع",
            "label_en": "r",
            "required": False,
            "constraints": {"min": 0},
        },
        {
            "key": "start",
            "type": "date",
            "label_ar": "ت",
            "label_en": "d",
            "required": True,
            "constraints": {"not_before_today": True},
        },
        {"key": "plate", "type": "vehicle_plate", "label_ar": "ل", "label_en": "p", "required": True},
        {"key": "ok", "type": "boolean", "label_ar": "م", "label_en": "b", "required": False},
    ]

    class V:
        form_fields = fields

    with time_machine.travel(datetime.datetime(2026, 5, 10, 8, tzinfo=datetime.UTC)):
        cleaned = form_data_validate(
            version=V, data={"count": "3", "rent": "350.500", "start": "2026-05-10", "plate": "12345 ab"}
        )
        assert cleaned == {
            "count": 3,
            "rent": "350.5",
            "start": "2026-05-10",
            "plate": "12345 AB",
            "ok": False,
        }
        with pytest.raises(ValidationFailed) as error:
            form_data_validate(
                version=V, data={"count": "2.5", "start": "2026-05-09", "plate": "ABCDEF", "ok": "maybe"}
            )
    assert set(error.value.errors) == {"count", "start", "plate", "ok"}


def test_the_form_is_also_a_json_schema():
    schema = form_json_schema(_version().form_fields)
    assert schema["required"][0] == "civil_number"
    assert schema["properties"]["licence_class"]["enum"][:2] == ["light", "heavy"]
    assert schema["properties"]["licence_number"]["maxLength"] == 12
