"""API shapes for centres and licensing. Integer fields are declared explicitly (same OpenAPI
schema on SQLite and PostgreSQL)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sanad.core.money import vat_on

from . import selectors
from .constants import CHECKLIST, InspectionKind, LicenceAction, Severity, StaffRole


class CentreSearchParams(serializers.Serializer):
    governorate = serializers.CharField(required=False, help_text=_("ISO 3166-2 code, e.g. OM-MA"))
    wilayat = serializers.CharField(required=False, help_text=_("Wilayat code, e.g. OM-MA-BAWSHAR"))
    service = serializers.CharField(required=False, help_text=_("Service code, e.g. ROP-DL-RENEW"))
    open_now = serializers.BooleanField(required=False, default=False)
    near = serializers.CharField(
        required=False, help_text=_("A point as latitude,longitude: results are sorted by distance")
    )

    def validate_governorate(self, value):
        from sanad.geo.models import Governorate

        if not Governorate.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Unknown governorate code."))
        return value

    def validate_wilayat(self, value):
        from sanad.geo.models import Wilayat

        if not Wilayat.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Unknown wilayat code."))
        return value

    def validate_service(self, value):
        from sanad.catalogue.models import Service

        if not Service.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Unknown service code."))
        return value

    def validate_near(self, value):
        return parse_point(value)


def parse_point(value: str) -> tuple[float, float]:
    """'23.58,58.38' -> (23.58, 58.38); anything else, or a point outside Oman, is refused."""
    import math

    from sanad.accounts.identity import to_ascii_digits

    from .geometry import point_in_oman

    parts = to_ascii_digits(str(value)).replace("،", ",").split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise serializers.ValidationError(
            _("Give the point as latitude,longitude, for example 23.5880,58.3829.")
        ) from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise serializers.ValidationError(
            _("Give the point as latitude,longitude, for example 23.5880,58.3829.")
        )
    if not point_in_oman(lat, lon, tolerance_km=25):
        raise serializers.ValidationError(_("The point must be in Oman."))
    return lat, lon


class CentreSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name_ar = serializers.CharField()
    name_en = serializers.CharField()
    licence_number = serializers.CharField(source="licence.number", allow_null=True)
    status = serializers.SerializerMethodField()
    governorate = serializers.CharField(source="wilayat.governorate.code")
    wilayat = serializers.CharField(source="wilayat.code")
    wilayat_name_ar = serializers.CharField(source="wilayat.name_ar")
    wilayat_name_en = serializers.CharField(source="wilayat.name_en")
    address_ar = serializers.CharField()
    address_en = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    phone = serializers.CharField()
    email = serializers.CharField()
    counters = serializers.IntegerField()
    open_now = serializers.SerializerMethodField()
    distance_km = serializers.SerializerMethodField()

    def get_status(self, centre) -> str:
        return selectors.licence_state_today(centre.licence)

    def get_open_now(self, centre) -> bool:
        open_ids = self.context.get("open_ids")
        if open_ids is None:
            from django.utils import timezone

            return selectors.centre_is_open_at(centre, timezone.now())
        return centre.pk in open_ids

    def get_distance_km(self, centre) -> float | None:
        km = getattr(centre, "distance_km", None)
        return None if km is None else round(km, 2)


class PeriodSerializer(serializers.Serializer):
    opens = serializers.CharField(help_text=_("HH:MM"))
    closes = serializers.CharField(help_text=_("HH:MM; 24:00 closes at midnight"))


class DaySerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text=_("0 = Monday … 6 = Sunday"))
    label = serializers.CharField()
    periods = PeriodSerializer(many=True)


class ExceptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField(required=False, allow_blank=True, default="")
    is_closed = serializers.BooleanField(required=False, default=False)
    periods = PeriodSerializer(many=True, required=False)

    def to_representation(self, instance):
        from .hours import format_minutes

        return {
            "id": instance.pk,
            "starts_on": instance.starts_on.isoformat(),
            "ends_on": instance.ends_on.isoformat(),
            "name_ar": instance.name_ar,
            "name_en": instance.name_en,
            "is_closed": instance.is_closed,
            "periods": [
                {"opens": format_minutes(o), "closes": format_minutes(c)} for o, c in instance.periods
            ],
        }


class HoursSerializer(serializers.Serializer):
    week = DaySerializer(many=True, read_only=True)
    exceptions = ExceptionSerializer(many=True, read_only=True)


class WeeklyHoursInput(serializers.Serializer):
    weekly = serializers.DictField(
        child=PeriodSerializer(many=True),
        help_text=_("Weekday (0 = Monday … 6 = Sunday) → periods. A weekday left out is closed."),
    )


class PriceSerializer(serializers.Serializer):
    service = serializers.CharField(source="service.code")
    name_ar = serializers.CharField(source="service.current_version.name_ar")
    name_en = serializers.CharField(source="service.current_version.name_en")
    institution = serializers.CharField(source="service.institution.code")
    centre_fee = serializers.IntegerField(help_text=_("The centre's price (baisa)"))
    cap = serializers.IntegerField(help_text=_("The cap of the current published version (baisa)"))
    fee = serializers.IntegerField(help_text=_("Charged now: the price, or the cap if lower (baisa)"))
    vat = serializers.SerializerMethodField(help_text=_("5% VAT on the fee charged (baisa)"))
    flagged = serializers.BooleanField(help_text=_("The price is above the current cap"))

    def get_vat(self, row) -> int:
        return vat_on(row.fee)


class PriceInput(serializers.Serializer):
    centre_fee = serializers.IntegerField(help_text=_("baisa"))


class QualitySerializer(serializers.Serializer):
    index = serializers.FloatField(allow_null=True, help_text=_("0–100; null when there is not enough data"))
    grade = serializers.CharField(allow_null=True)
    period = serializers.CharField(allow_null=True, help_text=_("YYYY-MM"))
    formula_version = serializers.IntegerField()
    cases = serializers.IntegerField()
    components = serializers.DictField()
    reason = serializers.CharField(allow_null=True)
    reason_text = serializers.CharField()


class CentreDetailSerializer(CentreSerializer):
    hours = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()
    quality = serializers.SerializerMethodField()

    def get_quality(self, centre) -> QualitySerializer:
        from sanad.feedback.selectors import centre_quality

        return centre_quality(centre)

    def get_hours(self, centre) -> HoursSerializer:
        return HoursSerializer(
            {"week": _week(centre), "exceptions": selectors.centre_exceptions_upcoming(centre)}
        ).data

    def get_services(self, centre) -> PriceSerializer(many=True):
        return PriceSerializer(selectors.centre_prices(centre), many=True).data


def _week(centre) -> list[dict]:
    return [
        {**day, "periods": [{"opens": o, "closes": c} for o, c in day["periods"]]}
        for day in selectors.centre_week(centre)
    ]


class MapPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    governorate = serializers.CharField()
    wilayat = serializers.CharField()
    open = serializers.BooleanField(help_text="Open now (Muscat time).")


class MapSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    open = serializers.IntegerField(help_text="How many of them are open now.")
    centres = MapPointSerializer(many=True)


class StaffSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(source="user.username")
    full_name_ar = serializers.CharField(source="user.full_name_ar")
    full_name_en = serializers.CharField(source="user.full_name_en")
    role = serializers.ChoiceField(choices=StaffRole.choices)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    is_omani = serializers.BooleanField()
    gender = serializers.CharField()


class StaffInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=[StaffRole.CLERK, StaffRole.MANAGER])
    # Required: the name the centre, the citizen and the regulator read on every case and receipt.
    full_name_ar = serializers.CharField(max_length=200)
    full_name_en = serializers.CharField(required=False, allow_blank=True, default="")
    mobile = serializers.CharField(required=False, allow_blank=True, default="")
    gender = serializers.CharField()
    is_omani = serializers.BooleanField(required=False, default=True)
    password = serializers.CharField(required=False, allow_blank=True, default="", write_only=True)


# --- Licensing -----------------------------------------------------------------------------------


class OwnerSerializer(serializers.Serializer):
    full_name_ar = serializers.CharField()
    full_name_en = serializers.CharField(required=False, allow_blank=True, default="")
    civil_number = serializers.CharField()
    date_of_birth = serializers.DateField()
    gender = serializers.CharField(required=False, allow_blank=True, default="")
    is_omani = serializers.BooleanField(default=True)
    full_time = serializers.BooleanField(help_text=_("Works full time in the centre"))
    employed_elsewhere = serializers.BooleanField(help_text=_("Employed elsewhere"))


class OwnerOutSerializer(OwnerSerializer):
    is_primary = serializers.BooleanField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    reason = serializers.CharField()
    data = serializers.JSONField()
    created_at = serializers.DateTimeField()


class LicenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(allow_null=True)
    state = serializers.CharField(help_text=_("As stored"))
    state_today = serializers.SerializerMethodField(
        help_text=_("Taking expiry and suspension end into account")
    )
    centre = serializers.IntegerField(source="centre_id")
    centre_name_ar = serializers.CharField(source="centre.name_ar")
    centre_name_en = serializers.CharField(source="centre.name_en")
    wilayat = serializers.CharField(source="centre.wilayat.code")
    applicant = serializers.CharField(source="applicant.username", allow_null=True, default=None)
    applied_at = serializers.DateTimeField()
    interview_at = serializers.DateTimeField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    suspended_until = serializers.DateField(allow_null=True)
    suspension_reason = serializers.CharField()

    def get_state_today(self, licence) -> str:
        return selectors.licence_state_today(licence)


class LicenceDetailSerializer(LicenceSerializer):
    owners = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    def get_owners(self, licence) -> OwnerOutSerializer(many=True):
        return OwnerOutSerializer(licence.centre.owners.all(), many=True).data

    def get_events(self, licence) -> EventSerializer(many=True):
        return EventSerializer(selectors.licence_history(licence), many=True).data

    def get_actions(self, licence) -> list[str]:
        """The actions the caller may take now (the regulator's, or an owner's renewal)."""
        return selectors.licence_actions_for(self.context.get("user"), licence)


class ApplicationInput(serializers.Serializer):
    name_ar = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    wilayat = serializers.CharField(help_text=_("Wilayat code"))
    address_ar = serializers.CharField(max_length=300)
    address_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    phone = serializers.CharField()
    email = serializers.CharField(required=False, allow_blank=True, default="")
    counters = serializers.IntegerField(default=1)
    owners = OwnerSerializer(many=True, help_text=_("The applicant first, then up to three partners"))


class ActionInput(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[a for a in LicenceAction.choices if a[0] != LicenceAction.APPLY]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Suspension end")
    )
    interview_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    owners = OwnerSerializer(many=True, required=False, help_text=_("New owners (transfer)"))


class ViolationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(default="other")
    description = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MINOR)
    resolved_on = serializers.DateField(read_only=True, allow_null=True)


class InspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    visited_on = serializers.DateField(required=False)
    result = serializers.CharField(read_only=True)
    checklist = serializers.DictField(
        child=serializers.BooleanField(), help_text=", ".join(CHECKLIST), required=False, default=dict
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    violations = ViolationSerializer(many=True, required=False)
    inspector = serializers.CharField(source="inspector.username", read_only=True)
