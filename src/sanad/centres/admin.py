"""The admin is a fallback for the regulator; licensing itself goes through the console (services)."""

from django.contrib import admin

from sanad.geo.admin import RegulatorEditsOnly

from .models import (
    Centre,
    CentreOwner,
    CentreService,
    Inspection,
    Licence,
    LicenceEvent,
    PublicHoliday,
    Violation,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        # Shown, never edited (some, such as updated_at, are not editable at all: a form cannot hold them).
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OwnerInline(ReadOnlyInline):
    model = CentreOwner
    fields = ("full_name_ar", "civil_number", "date_of_birth", "is_primary", "started_on", "ended_on")


class PriceInline(ReadOnlyInline):
    model = CentreService
    fields = ("service", "centre_fee", "updated_at")


class StaffMayView(admin.ModelAdmin):
    """The regulator (a staff user without model permissions) reads these; changes go through the
    consoles, where they are validated and recorded."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(Centre)
class CentreAdmin(StaffMayView):
    list_display = ("id", "name_ar", "name_en", "wilayat", "phone", "counters")
    list_filter = ("wilayat__governorate",)
    search_fields = ("name_ar", "name_en", "licence__number")
    raw_id_fields = ("wilayat",)
    inlines = [OwnerInline, PriceInline]


class EventInline(ReadOnlyInline):
    model = LicenceEvent
    fields = ("created_at", "action", "from_state", "to_state", "actor", "reason")


@admin.register(Licence)
class LicenceAdmin(StaffMayView):
    """Read-only: every change goes through the licensing console so that it is recorded."""

    list_display = ("number", "centre", "state", "issued_on", "expires_on")
    list_filter = ("state",)
    search_fields = ("number", "centre__name_ar", "centre__name_en")
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViolationInline(ReadOnlyInline):
    model = Violation
    fields = ("code", "severity", "description", "resolved_on")


@admin.register(Inspection)
class InspectionAdmin(StaffMayView):
    list_display = ("centre", "kind", "visited_on", "result", "inspector")
    list_filter = ("kind", "result")
    inlines = [ViolationInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublicHoliday)
class PublicHolidayAdmin(RegulatorEditsOnly):
    """Islamic holidays move with the moon: the regulator corrects the dates when announced."""

    def has_delete_permission(self, request, obj=None):
        return self._regulator(request)

    list_display = ("date", "name_ar", "name_en")
    date_hierarchy = "date"
