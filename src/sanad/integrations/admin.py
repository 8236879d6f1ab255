from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from sanad.core.errors import DomainError

from . import services
from .constants import DeliveryState
from .encryption import fingerprint
from .models import Connector, MessageLog, Submission


class ConnectorForm(forms.ModelForm):
    """Secrets are never shown back: the form lists them by fingerprint, takes new ones (added first,
    which is how a secret is rotated) and removes the ones ticked. Saving runs the connector's own
    checks (model.clean), so a misconfigured connector is refused here, with the reason, not at
    delivery time."""

    endpoint_url = forms.URLField(
        label=_("Endpoint URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "size": 60}),
    )
    status_url = forms.URLField(
        label=_("Status URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "size": 60}),
    )
    add_secrets = forms.CharField(
        label=_("New signing secrets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "One whsec_… secret per line; they are stored encrypted and never shown again. To rotate, "
            "add the new one, let the institution switch, then remove the old one."
        ),
    )
    remove_secrets = forms.MultipleChoiceField(
        label=_("Remove signing secrets"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Secrets in use, by fingerprint (newest first)."),
    )

    class Meta:
        model = Connector
        fields = (
            "institution",
            "kind",
            "endpoint_url",
            "status_url",
            "add_secrets",
            "remove_secrets",
            "timeout_seconds",
            "cutoff_hours",
            "is_active",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.secrets if self.instance.pk else []
        self.fields["remove_secrets"].choices = [
            (fingerprint(secret), _("secret %(fingerprint)s") % {"fingerprint": fingerprint(secret)})
            for secret in current
        ]

    def clean_add_secrets(self):
        return [
            line.strip() for line in (self.cleaned_data.get("add_secrets") or "").splitlines() if line.strip()
        ]

    def _post_clean(self):
        # The new list is in place before the model's own checks (model.clean) look at it.
        removed = set(self.cleaned_data.get("remove_secrets") or [])
        kept = [
            s for s in (self.instance.secrets if self.instance.pk else []) if fingerprint(s) not in removed
        ]
        added = [s for s in self.cleaned_data.get("add_secrets") or [] if s not in kept]
        self.instance.secrets = added + kept
        super()._post_clean()

    def _update_errors(self, errors):
        # The model speaks of `secrets`; on this form they are entered in `add_secrets`.
        if hasattr(errors, "error_dict") and "secrets" in errors.error_dict:
            errors.error_dict["add_secrets"] = errors.error_dict.pop("secrets")
        super()._update_errors(errors)


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    form = ConnectorForm
    list_display = (
        "institution",
        "kind",
        "health",
        "secrets_in_use",
        "consecutive_failures",
        "last_success_at",
        "is_active",
    )
    list_filter = ("kind", "health", "is_active")
    readonly_fields = (
        "health",
        "consecutive_failures",
        "next_probe_at",
        "last_success_at",
        "last_failure_at",
        "last_error",
    )

    @admin.display(description=_("signing secrets"))
    def secrets_in_use(self, connector):
        return len(connector.secrets)


@admin.action(description=_("Send again"))
def resend(modeladmin, request, queryset):
    sent = 0
    for submission in queryset.filter(state=DeliveryState.NEEDS_ATTENTION):
        try:
            services.submission_resend(submission_id=submission.pk, actor=request.user)
            sent += 1
        except DomainError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
    modeladmin.message_user(request, _("%(n)s submission(s) queued again.") % {"n": sent})


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "institution",
        "kind",
        "state",
        "attempts",
        "institution_reference",
        "queued_at",
        "delivered_at",
    )
    list_filter = ("state", "kind", "institution")
    search_fields = ("case__reference", "institution_reference")
    actions = (resend,)
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(MessageLog)
class MessageLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "institution", "direction", "url", "status", "latency_ms", "attempt", "ok")
    list_filter = ("direction", "ok", "institution")
    readonly_fields = [f.name for f in MessageLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
