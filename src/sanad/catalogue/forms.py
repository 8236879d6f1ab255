"""Web forms of the catalogue. They turn what a person typed (amounts in rials, one choice per line)
into the content the services expect; the services decide what is valid."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from sanad.core.money import format_omr, parse_omr

from .constants import SEARCH_MAX_LENGTH, Channel, DocumentFormat, FieldType
from .models import Category, DocumentType, Institution
from .search import normalise


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields generically."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        for name, field in self.fields.items():
            # English text reads left to right even on the Arabic page; free text follows its content.
            if name.endswith("_en"):
                field.widget.attrs.setdefault("dir", "ltr")
            elif isinstance(field.widget, (forms.TextInput, forms.Textarea)) and not name.endswith("_ar"):
                field.widget.attrs.setdefault("dir", "auto")


def _omr_field(label, *, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text or _("In rials, e.g. 12.500"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr", "autocomplete": "off"}),
    )


def _baisa_from(value: str, *, required: bool = True) -> int | None:
    if not value:
        if required:
            raise ValidationError(_("Enter an amount in rials, e.g. 12.500."))
        return None
    try:
        return parse_omr(value)
    except ValueError:
        raise ValidationError(_("Enter an amount in rials, zero or more, e.g. 12.500.")) from None


def rials(amount: int) -> str:
    """Baisa as the rial text an officer types (12500 → '12.500')."""
    return format_omr(amount, "en").removesuffix(" OMR").replace(",", "")


# --- Public search -----------------------------------------------------------------------------


def validate_search_text(value: str) -> None:
    if value and not normalise(value):
        raise ValidationError(_("Type at least one letter or digit to search."))


class ServiceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search services"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        validators=[validate_search_text],
        error_messages={"max_length": _("The search text is too long (at most %(limit_value)d characters).")},
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control form-control-lg",
                "placeholder": _("e.g. تجديد رخصة القيادة, passport, commercial registration"),
                "autocomplete": "off",
            }
        ),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_("All institutions"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All categories"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    channel = forms.ChoiceField(
        label=_("How to apply"),
        choices=[("", _("Walk-in or online")), *Channel.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


# --- Officer console ---------------------------------------------------------------------------


def _with_code_example(text, example: str) -> SafeString:
    """A translated hint with an example code in it, the code shown as a code (left to right)."""
    from sanad.core.templatetags.sanad import code

    return format_html(str(text), example=code(example))


with_code_example = lazy(_with_code_example, SafeString)


class ServiceNewForm(StyledForm):
    code = forms.CharField(
        label=_("Service code"),
        max_length=40,
        help_text=with_code_example(
            _("Stable, upper-case, starting with your institution's code, e.g. {example}"), "ROP-DL-RENEW"
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        empty_label=_("Choose a category…"),
    )
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)

    def content(self) -> dict:
        data = self.cleaned_data
        return {"category": data["category"], "name_ar": data["name_ar"], "name_en": data["name_en"]}


class VersionForm(StyledForm):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        empty_label=_("Choose a category…"),
    )
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description_ar = forms.CharField(
        label=_("Description (Arabic)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    aliases_ar = forms.CharField(
        label=_("Other names and keywords (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: what citizens call it (e.g. الملكية), abbreviations. Used only by search."
        ),
    )
    aliases_en = forms.CharField(
        label=_("Other names and keywords (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: e.g. mulkiya, CR, US spellings. Used only by search."),
    )
    channels = forms.MultipleChoiceField(
        label=_("How citizens apply"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    government_fee_min = _omr_field(_("Government fee, from"))
    government_fee_max = _omr_field(
        _("Government fee, up to"), help_text=_("The same amount for a fixed fee; 0 when free")
    )
    fee_percent = forms.DecimalField(
        label=_("Fee as a percentage (if any)"),
        required=False,
        max_digits=6,
        decimal_places=3,
        help_text=_("e.g. 3 for three per cent of the rent"),
    )
    fee_is_estimate = forms.BooleanField(label=_("The government fee is an estimate"), required=False)
    fee_source = forms.CharField(label=_("Source of the fee"), required=False, max_length=1000)
    fee_note_ar = forms.CharField(label=_("Fee note (Arabic)"), required=False, max_length=1000)
    fee_note_en = forms.CharField(label=_("Fee note (English)"), required=False, max_length=1000)
    sla_hours = forms.IntegerField(
        label=_("Expected processing time (working hours)"), min_value=1, max_value=24 * 365
    )
    change_note = forms.CharField(
        label=_("What changed in this version, and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_government_fee_min(self):
        return _baisa_from(self.cleaned_data["government_fee_min"])

    def clean_government_fee_max(self):
        return _baisa_from(self.cleaned_data["government_fee_max"])

    @classmethod
    def initial_for(cls, version) -> dict:
        return {
            "category": version.category.code,
            "name_ar": version.name_ar,
            "name_en": version.name_en,
            "description_ar": version.description_ar,
            "description_en": version.description_en,
            "aliases_ar": version.aliases_ar,
            "aliases_en": version.aliases_en,
            "channels": version.channels,
            "government_fee_min": rials(version.government_fee_min),
            "government_fee_max": rials(version.government_fee_max),
            "fee_percent": version.fee_percent,
            "fee_is_estimate": version.fee_is_estimate,
            "fee_source": version.fee_source,
            "fee_note_ar": version.fee_note_ar,
            "fee_note_en": version.fee_note_en,
            "sla_hours": version.sla_hours,
            "change_note": version.change_note,
        }

    def content(self) -> dict:
        data = dict(self.cleaned_data)
        if isinstance(data.get("fee_percent"), Decimal):
            data["fee_percent"] = str(data["fee_percent"])
        return data


class DocumentForm(StyledForm):
    type = forms.ModelChoiceField(
        label=_("Document"),
        queryset=DocumentType.objects.all(),
        to_field_name="code",
        empty_label=_("Choose a document…"),
    )
    mandatory = forms.BooleanField(label=_("Mandatory"), required=False, initial=True)
    formats = forms.MultipleChoiceField(
        label=_("Accepted formats"),
        choices=DocumentFormat.choices,
        initial=["pdf", "jpg", "png"],
        widget=forms.CheckboxSelectMultiple,
    )
    max_size_kb = forms.IntegerField(label=_("Size limit (KB)"), min_value=1, initial=2048)
    note_ar = forms.CharField(label=_("Note (Arabic)"), required=False, max_length=300)
    note_en = forms.CharField(label=_("Note (English)"), required=False, max_length=300)

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "type": data["type"].code,
            "mandatory": data["mandatory"],
            "formats": list(data["formats"]),
            "max_size_kb": data["max_size_kb"],
            "note_ar": data["note_ar"],
            "note_en": data["note_en"],
        }


class StepForm(StyledForm):
    code = forms.CharField(
        label=_("Code"), max_length=40, widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"})
    )
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)

    def item(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("code", "name_ar", "name_en")}


class FormFieldForm(StyledForm):
    key = forms.CharField(
        label=_("Key"), max_length=40, widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"})
    )
    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices, initial=FieldType.TEXT)
    label_ar = forms.CharField(label=_("Label (Arabic)"), max_length=200)
    label_en = forms.CharField(label=_("Label (English)"), max_length=200)
    help_ar = forms.CharField(label=_("Help (Arabic)"), required=False, max_length=500)
    help_en = forms.CharField(label=_("Help (English)"), required=False, max_length=500)
    required = forms.BooleanField(label=_("Required"), required=False)
    min_length = forms.IntegerField(label=_("Minimum length"), required=False, min_value=0)
    max_length = forms.IntegerField(label=_("Maximum length"), required=False, min_value=0)
    pattern = forms.CharField(
        label=_("Pattern (regular expression)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    min = forms.DecimalField(label=_("Minimum"), required=False)
    max = forms.DecimalField(label=_("Maximum"), required=False)
    integer = forms.BooleanField(label=_("Whole numbers only"), required=False)
    not_before_today = forms.BooleanField(label=_("Not in the past"), required=False)
    not_after_today = forms.BooleanField(label=_("Not in the future"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_("One per line: code | Arabic label | English label"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    CONSTRAINT_KEYS = ("min_length", "max_length", "pattern", "min", "max")
    FLAG_KEYS = ("integer", "not_before_today", "not_after_today")

    def clean_choices(self):
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]
        choices = []
        for line in lines:
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3:
                raise ValidationError(_("Write each choice as: code | Arabic label | English label."))
            choices.append({"value": parts[0], "label_ar": parts[1], "label_en": parts[2]})
        return choices

    @classmethod
    def initial_for(cls, field: dict) -> dict:
        constraints = field.get("constraints") or {}
        initial = {k: field.get(k, "") for k in ("key", "type", "label_ar", "label_en", "help_ar", "help_en")}
        initial["required"] = field.get("required", False)
        initial.update(
            {k: constraints[k] for k in (*cls.CONSTRAINT_KEYS, *cls.FLAG_KEYS) if k in constraints}
        )
        initial["choices"] = "\n".join(
            f"{c['value']} | {c['label_ar']} | {c['label_en']}" for c in constraints.get("choices", [])
        )
        return initial

    def item(self) -> dict:
        data = self.cleaned_data
        item = {k: data[k] for k in ("key", "type", "label_ar", "label_en", "required")}
        item.update({k: data[k] for k in ("help_ar", "help_en") if data[k]})
        constraints = {}
        for key in self.CONSTRAINT_KEYS:
            value = data.get(key)
            if value not in (None, ""):
                if isinstance(value, Decimal):
                    value = int(value) if value == value.to_integral_value() else float(value)
                constraints[key] = value
        for key in self.FLAG_KEYS:
            if data.get(key):
                constraints[key] = True
        if data["type"] == FieldType.NUMBER and "integer" not in constraints:
            constraints["integer"] = False
        if data["choices"] or data["type"] == FieldType.CHOICE:
            constraints["choices"] = data["choices"]
        if constraints:
            item["constraints"] = constraints
        return item


DocumentFormSet = forms.formset_factory(DocumentForm, extra=1, can_delete=True, max_num=40)
StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True, max_num=20)
FormFieldFormSet = forms.formset_factory(FormFieldForm, extra=1, can_delete=True, max_num=40)


def formset_items(formset) -> list[dict]:
    """Rows in order: every existing row unless deleted, and the new rows that were filled in."""
    items = []
    for index, form in enumerate(formset.forms):
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if index >= formset.initial_form_count() and not form.has_changed():
            continue
        items.append(form.item())
    return items


# --- Regulator ---------------------------------------------------------------------------------


class CapForm(StyledForm):
    cap = _omr_field(_("New centre fee cap"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with your name; shown in the service's history."),
    )

    def clean_cap(self):
        return _baisa_from(self.cleaned_data["cap"])
