"""API representations of the catalogue. Integer fields are declared explicitly so that the OpenAPI
document is the same on SQLite and PostgreSQL. Write bodies are documented here but validated by
the catalogue's services (one set of rules for the web and the API)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sanad.core.money import vat_on

from .constants import Channel, DocumentFormat, FieldType, InstitutionKind, VersionStatus
from .formdata import form_json_schema
from .models import (
    Category,
    CentreFeeCapChange,
    Institution,
    RequiredDocument,
    Service,
    ServiceVersion,
)


class InstitutionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=InstitutionKind.choices, read_only=True)
    service_count = serializers.IntegerField(read_only=True, help_text=_("Published services"))
    # Plain strings: an institution without a website or e-mail has "" (not a malformed address).
    website = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Institution
        fields = ("code", "name_ar", "name_en", "kind", "website", "phone", "email", "service_count")
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer):
    service_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Category
        fields = ("code", "name_ar", "name_en", "icon", "service_count")
        read_only_fields = fields


class RequiredDocumentSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="document_type.code", read_only=True)
    name_ar = serializers.CharField(source="document_type.name_ar", read_only=True)
    name_en = serializers.CharField(source="document_type.name_en", read_only=True)
    formats = serializers.ListField(child=serializers.ChoiceField(choices=DocumentFormat.choices))
    max_size_kb = serializers.IntegerField(read_only=True)

    class Meta:
        model = RequiredDocument
        fields = ("type", "name_ar", "name_en", "mandatory", "formats", "max_size_kb", "note_ar", "note_en")
        read_only_fields = fields


class ChoiceOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label_ar = serializers.CharField()
    label_en = serializers.CharField()


class FieldConstraintsSerializer(serializers.Serializer):
    min_length = serializers.IntegerField(required=False)
    max_length = serializers.IntegerField(required=False)
    pattern = serializers.CharField(required=False)
    min = serializers.FloatField(required=False)
    max = serializers.FloatField(required=False)
    integer = serializers.BooleanField(required=False)
    not_before_today = serializers.BooleanField(required=False)
    not_after_today = serializers.BooleanField(required=False)
    choices = ChoiceOptionSerializer(many=True, required=False)


class FormFieldSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("snake_case key of the value in the form data"))
    type = serializers.ChoiceField(choices=FieldType.choices)
    label_ar = serializers.CharField()
    label_en = serializers.CharField()
    help_ar = serializers.CharField(required=False)
    help_en = serializers.CharField(required=False)
    required = serializers.BooleanField()
    constraints = FieldConstraintsSerializer(required=False)


class StepSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()
    final = serializers.BooleanField(read_only=True)


class VersionSummarySerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=VersionStatus.choices, read_only=True)
    centre_fee_cap = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServiceVersion
        fields = ("number", "status", "centre_fee_cap", "change_note", "published_at", "retired_at")
        read_only_fields = fields


class FeesSerializer(serializers.Serializer):
    government_fee_min = serializers.IntegerField(help_text=_("baisa"))
    government_fee_max = serializers.IntegerField(help_text=_("baisa"))
    fee_percent = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    fee_is_estimate = serializers.BooleanField()
    fee_source = serializers.CharField()
    fee_note_ar = serializers.CharField()
    fee_note_en = serializers.CharField()
    centre_fee_cap = serializers.IntegerField(help_text=_("baisa; set by the regulator"))
    vat_on_centre_fee_cap = serializers.IntegerField(help_text=_("5% VAT on the capped centre fee, baisa"))
    total_max = serializers.IntegerField(
        help_text=_("the most a citizen pays: maximum government fee + cap + VAT, baisa")
    )


class VersionSerializer(serializers.ModelSerializer):
    """One version of a service, complete: what a centre needs to serve it, what a case pins."""

    number = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=VersionStatus.choices, read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), read_only=True)
    documents = RequiredDocumentSerializer(many=True, read_only=True)
    form_fields = FormFieldSerializer(many=True, read_only=True)
    form_schema = serializers.SerializerMethodField(help_text=_("the form as a JSON Schema document"))
    steps = StepSerializer(many=True, read_only=True)
    fees = serializers.SerializerMethodField()
    sla_hours = serializers.IntegerField(
        read_only=True, help_text=_("expected processing time, working hours")
    )

    class Meta:
        model = ServiceVersion
        fields = (
            "number",
            "status",
            "category",
            "name_ar",
            "name_en",
            "description_ar",
            "description_en",
            "channels",
            "documents",
            "form_fields",
            "form_schema",
            "steps",
            "fees",
            "sla_hours",
            "change_note",
            "published_at",
            "retired_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.DictField())
    def get_form_schema(self, version) -> dict:
        return form_json_schema(version.form_fields)

    @extend_schema_field(FeesSerializer)
    def get_fees(self, version) -> dict:
        vat = vat_on(version.centre_fee_cap)
        return {
            "government_fee_min": version.government_fee_min,
            "government_fee_max": version.government_fee_max,
            "fee_percent": None if version.fee_percent is None else f"{version.fee_percent:.3f}",
            "fee_is_estimate": version.fee_is_estimate,
            "fee_source": version.fee_source,
            "fee_note_ar": version.fee_note_ar,
            "fee_note_en": version.fee_note_en,
            "centre_fee_cap": version.centre_fee_cap,
            "vat_on_centre_fee_cap": vat,
            "total_max": version.government_fee_max + version.centre_fee_cap + vat,
        }


class ServiceSerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="institution.code", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    current_version = VersionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Service
        fields = ("code", "institution", "category", "current_version")
        read_only_fields = fields


class CapChangeSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version.number", read_only=True)
    old_cap = serializers.IntegerField(read_only=True)
    new_cap = serializers.IntegerField(read_only=True)
    changed_by = serializers.CharField(source="changed_by.username", read_only=True)

    class Meta:
        model = CentreFeeCapChange
        fields = ("version", "old_cap", "new_cap", "reason", "changed_by", "changed_at")
        read_only_fields = fields


class ServiceDetailSerializer(ServiceSerializer):
    versions = serializers.SerializerMethodField()
    cap_changes = CapChangeSerializer(many=True, read_only=True)

    class Meta(ServiceSerializer.Meta):
        fields = (*ServiceSerializer.Meta.fields, "versions", "cap_changes")
        read_only_fields = fields

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, service) -> list:
        return VersionSummarySerializer(self.context["versions"], many=True).data


# --- Write bodies (documentation; the services validate) --------------------------------------


class DocumentInSerializer(serializers.Serializer):
    type = serializers.CharField(help_text=_("document type code, e.g. civil_id_copy"))
    mandatory = serializers.BooleanField(default=True)
    formats = serializers.ListField(child=serializers.ChoiceField(choices=DocumentFormat.choices))
    max_size_kb = serializers.IntegerField()
    note_ar = serializers.CharField(required=False)
    note_en = serializers.CharField(required=False)


class VersionContentSerializer(serializers.Serializer):
    """Every key is optional on a draft; publishing needs both names, both descriptions, channels
    and at least one step. Fees are integer baisa. The centre fee cap is the regulator's."""

    category = serializers.CharField(required=False, help_text=_("category code"))
    name_ar = serializers.CharField(required=False)
    name_en = serializers.CharField(required=False)
    description_ar = serializers.CharField(required=False)
    description_en = serializers.CharField(required=False)
    aliases_ar = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=30,
        help_text=_(
            "other names and keywords in Arabic (colloquial names, abbreviations); used only by search"
        ),
    )
    aliases_en = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=30,
        help_text=_("other names and keywords in English (e.g. mulkiya, CR); used only by search"),
    )
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), required=False)
    documents = DocumentInSerializer(many=True, required=False)
    form_fields = FormFieldSerializer(many=True, required=False)
    steps = StepSerializer(many=True, required=False)
    government_fee_min = serializers.IntegerField(required=False, min_value=0)
    government_fee_max = serializers.IntegerField(required=False, min_value=0)
    fee_percent = serializers.DecimalField(max_digits=6, decimal_places=3, required=False, allow_null=True)
    fee_is_estimate = serializers.BooleanField(required=False)
    fee_source = serializers.CharField(required=False)
    fee_note_ar = serializers.CharField(required=False)
    fee_note_en = serializers.CharField(required=False)
    sla_hours = serializers.IntegerField(required=False, min_value=1)
    change_note = serializers.CharField(required=False)


class ServiceCreateSerializer(VersionContentSerializer):
    code = serializers.CharField(help_text=_("stable code, starting with the institution's code: ROP-…"))
    category = serializers.CharField(help_text=_("category code"))
    institution = serializers.CharField(required=False, help_text=_("institution code (administrators only)"))


class CapChangeInSerializer(serializers.Serializer):
    cap = serializers.IntegerField(min_value=0, help_text=_("new centre fee cap, baisa"))
    reason = serializers.CharField()
