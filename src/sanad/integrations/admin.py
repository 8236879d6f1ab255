from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from sanad.core.errors import DomainError

from . import services
from .constants import DeliveryState
from .models import Connector, MessageLog, Submission


class ConnectorForm(forms.ModelForm):
    """Secrets one per line (newest first). Saving runs the connector's own checks (model.clean), so
    a misconfigured connector is refused here, with the reason, not at delivery time."""

    endpoint_url = forms.URLField(
        label=_("Endpoint URL"), required=False, max_length=500, assume_scheme="https"
    )
    status_url = forms.URLField(label=_("Status URL"), required=False, max_length=500, assume_scheme="https")
    secrets = forms.CharField(
        label=_("Signing secrets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "autocomplete": "off"}),
        help_text=_(
            "One whsec_… secret per line. Add the new one first to rotate, remove the old one later."
        ),
    )

    class Meta:
        model = Connector
        fields = (
            "institution",
            "kind",
            "endpoint_url",
            "status_url",
            "secrets",
            "timeout_seconds",
            "cutoff_hours",
            "is_active",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and isinstance(self.instance.secrets, list):
            self.initial["secrets"] = "\n".join(self.instance.secrets)

    def clean_secrets(self):
        return [
            line.strip() for line in (self.cleaned_data.get("secrets") or "").splitlines() if line.strip()
        ]


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    form = ConnectorForm
    list_display = ("institution", "kind", "health", "consecutive_failures", "last_success_at", "is_active")
    list_filter = ("kind", "health", "is_active")
    readonly_fields = (
        "health",
        "consecutive_failures",
        "next_probe_at",
        "last_success_at",
        "last_failure_at",
        "last_error",
    )


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
