from django.contrib import admin

from .models import Appointment, Counter, DispatchRequest, Line, Ticket


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ("centre", "code", "name_ar", "is_default")
    list_select_related = ("centre",)
    search_fields = ("centre__name_ar", "centre__name_en", "name_ar", "name_en")
    autocomplete_fields = ("centre",)
    filter_horizontal = ("services",)


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("centre", "name", "takes_appointments", "clerk")
    list_select_related = ("centre", "clerk")
    search_fields = ("centre__name_ar", "centre__name_en", "name")
    autocomplete_fields = ("centre",)
    raw_id_fields = ("clerk",)
    filter_horizontal = ("lines",)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("__str__", "centre", "day", "state", "priority", "source", "issued_at", "called_at")
    list_filter = ("state", "priority", "source")
    list_select_related = ("centre", "line")
    date_hierarchy = "issued_at"
    readonly_fields = [f.name for f in Ticket._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("centre", "service", "start", "state")
    list_filter = ("state",)
    list_select_related = ("centre", "service")
    readonly_fields = [f.name for f in Appointment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DispatchRequest)
class DispatchRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "service", "state", "ring", "claimed_centre", "created_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in DispatchRequest._meta.fields]

    def has_add_permission(self, request):
        return False
