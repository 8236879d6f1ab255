"""Geography is reference data: read-only in the admin except to the regulator."""

from django.contrib import admin

from .models import Governorate, Wilayat


class RegulatorEditsOnly(admin.ModelAdmin):
    def _regulator(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.is_regulator

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return self._regulator(request)

    def has_change_permission(self, request, obj=None):
        return self._regulator(request)

    def has_delete_permission(self, request, obj=None):
        return False


class WilayatInline(admin.TabularInline):
    model = Wilayat
    extra = 0
    fields = ("code", "name_ar", "name_en", "latitude", "longitude", "population")

    def has_add_permission(self, request, obj=None):
        return request.user.is_regulator

    def has_change_permission(self, request, obj=None):
        return request.user.is_regulator

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Governorate)
class GovernorateAdmin(RegulatorEditsOnly):
    list_display = ("code", "name_ar", "name_en", "capital_en", "population")
    inlines = [WilayatInline]


@admin.register(Wilayat)
class WilayatAdmin(RegulatorEditsOnly):
    list_display = ("code", "name_ar", "name_en", "governorate", "population")
    list_filter = ("governorate",)
    search_fields = ("code", "name_ar", "name_en")
