"""Web forms of the cases area. They only shape what a person typed (amounts in rials, a service's
form fields from its definition); the services decide what is valid and say why, per field."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.catalogue.constants import FieldType
from sanad.core.money import format_omr, parse_omr

from .constants import CustodyItemType

FORM_PREFIX = "form"


def _english() -> bool:
    return (get_language() or "ar").startswith("en")


def bilingual(item: dict, prefix: str) -> str:
    first, second = (f"{prefix}_en", f"{prefix}_ar") if _english() else (f"{prefix}_ar", f"{prefix}_en")
    return item.get(first) or item.get(second) or ""


def rials(amount_baisa: int | None) -> str:
    """12345 → '12.345' (the text a clerk types in a money field)."""
    if amount_baisa is None:
        return ""
    return format_omr(int(amount_baisa), "en").removesuffix(" OMR").replace(",", "")


def baisa_from_text(text: str) -> tuple[int | None, str]:
    """(baisa, '') from rials typed by a person, (None, '') when blank, (None, message) when wrong."""
    text = (text or "").strip()
    if not text:
        return None, ""
    try:
        return parse_omr(text), ""
    except ValueError:
        return None, str(_("Enter an amount in rials, e.g. 12.500."))


def _widget_for(field: dict) -> forms.Widget:
    kind = field["type"]
    constraints = field.get("constraints") or {}
    ltr = {"dir": "ltr", "autocomplete": "off"}
    if kind == FieldType.TEXTAREA:
        return forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    if kind == FieldType.NUMBER:
        return forms.TextInput(attrs={**ltr, "inputmode": "decimal", "class": "form-control"})
    if kind == FieldType.DATE:
        return forms.DateInput(attrs={"type": "date", "class": "form-control", "dir": "ltr"})
    if kind == FieldType.CHOICE:
        return forms.Select(attrs={"class": "form-select"})
    if kind == FieldType.BOOLEAN:
        return forms.CheckboxInput(attrs={"class": "form-check-input"})
    if kind in (FieldType.CIVIL_NUMBER, FieldType.CR_NUMBER):
        attrs = {**ltr, "inputmode": "numeric", "class": "form-control"}
        if field["key"] == "civil_number":  # the applicant's own: follows the counter's lookup
            attrs["data-citizen-id"] = "1"
        return forms.TextInput(attrs=attrs)
    if kind == FieldType.PHONE:
        return forms.TextInput(attrs={**ltr, "type": "tel", "inputmode": "tel", "class": "form-control"})
    if kind == FieldType.EMAIL:
        return forms.EmailInput(attrs={**ltr, "class": "form-control"})
    if kind == FieldType.VEHICLE_PLATE:
        return forms.TextInput(attrs={**ltr, "placeholder": "12345 AB", "class": "form-control"})
    attrs = {"class": "form-control"}
    if constraints.get("max_length"):
        attrs["maxlength"] = constraints["max_length"]
    return forms.TextInput(attrs=attrs)


class ServiceForm(forms.Form):
    """A service version's form, built from its field definitions (labels in the page's language).
    Every field is optional here: the catalogue's form_data_validate is the judge, and its messages
    are attached to the fields they name."""

    def __init__(self, *args, fields_spec: list[dict], **kwargs):
        kwargs.setdefault("prefix", FORM_PREFIX)
        super().__init__(*args, **kwargs)
        self.spec = {f["key"]: f for f in fields_spec}
        for spec in fields_spec:
            label = bilingual(spec, "label")
            help_text = bilingual(spec, "help")
            widget = _widget_for(spec)
            if spec["type"] == FieldType.BOOLEAN:
                field = forms.BooleanField(label=label, required=False, help_text=help_text, widget=widget)
            elif spec["type"] == FieldType.CHOICE:
                choices = [("", _("Choose…"))] + [
                    (c["value"], bilingual(c, "label"))
                    for c in (spec.get("constraints") or {}).get("choices", [])
                ]
                field = forms.ChoiceField(
                    label=label, required=False, choices=choices, help_text=help_text, widget=widget
                )
            else:
                field = forms.CharField(
                    label=label, required=False, help_text=help_text, strip=True, widget=widget
                )
            if spec.get("required"):
                field.widget.attrs["aria-required"] = "true"
            field.sanad_required = bool(spec.get("required"))
            field.sanad_type = spec["type"]
            self.fields[spec["key"]] = field

    def form_data(self) -> dict:
        """The values to validate: what was typed, as text (booleans as True/False)."""
        data = {}
        for key, field in self.fields.items():
            value = self[key].value()
            if field.sanad_type == FieldType.BOOLEAN:
                data[key] = bool(value)
            elif value is not None and str(value).strip():
                data[key] = str(value).strip()
        return data

    def full_clean(self):
        # Nothing is cleaned here (see the class docstring): keep what was typed, show our errors.
        self._errors = forms.utils.ErrorDict()
        self.cleaned_data = {}

    def attach_errors(self, errors: dict) -> dict:
        """Put each service message on its field. Returns the messages that name no field here."""
        rest = {}
        own = self.errors
        for key, messages in errors.items():
            if key in self.fields:
                for message in messages if isinstance(messages, list) else [messages]:
                    own.setdefault(key, self.error_class()).append(str(message))
            else:
                rest[key] = messages
        for key in own:
            if key in self.fields:
                attrs = self.fields[key].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                described = [f"{self[key].auto_id}-error"]
                if self.fields[key].help_text:
                    described.insert(0, f"{self[key].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)
        return rest


class CustodyForm(forms.Form):
    item_type = forms.ChoiceField(
        label=_("Original received"),
        choices=CustodyItemType.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("e.g. passport no. and its colour")}
        ),
    )
