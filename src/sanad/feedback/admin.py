"""Read-only admin views: ratings and complaints change only through their services (the pages and
the API), so that every change has its history."""

from django.contrib import admin

from .models import Complaint, ComplaintEvent, QualityScore, Rating


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ComplaintEventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_state", "to_state", "actor", "note", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly):
    list_display = ("reference", "kind", "state", "centre", "created_at", "due_at", "escalations")
    list_filter = ("state", "kind")
    search_fields = ("reference", "centre__name_ar", "case__reference")
    inlines = [ComplaintEventInline]


@admin.register(Rating)
class RatingAdmin(ReadOnly):
    list_display = (
        "case",
        "centre",
        "overall",
        "speed",
        "courtesy",
        "fee_clarity",
        "created_at",
        "hidden_at",
    )
    list_filter = ("overall", "channel")


@admin.register(QualityScore)
class QualityScoreAdmin(ReadOnly):
    list_display = ("centre", "period", "formula_version", "index", "grade", "cases", "reason")
    list_filter = ("period", "grade", "formula_version")
