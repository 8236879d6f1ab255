"""The admin site is for administrators: institutions, memberships, categories and document types
are edited here; service versions are read-only (officers use the institution console, the
regulator the fee caps page), so that a published version can never be edited by accident."""

from django.contrib import admin

from .models import (
    Category,
    CentreFeeCapChange,
    DocumentType,
    Institution,
    InstitutionMembership,
    RequiredDocument,
    Service,
    ServiceVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = InstitutionMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_en", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name_ar", "name_en")
    inlines = [MembershipInline]


@admin.register(InstitutionMembership)
class InstitutionMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "created_at")
    list_filter = ("institution",)
    autocomplete_fields = ("user",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_en", "icon", "sort_order")


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_en")
    search_fields = ("code", "name_ar", "name_en")


class VersionInline(admin.TabularInline):
    model = ServiceVersion
    fields = ("number", "status", "name_ar", "centre_fee_cap", "published_at", "retired_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ("code", "institution", "category", "current_version")
    list_filter = ("institution", "category")
    search_fields = ("code", "versions__name_ar", "versions__name_en")
    inlines = [VersionInline]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


class DocumentInline(admin.TabularInline):
    model = RequiredDocument
    fields = ("position", "document_type", "mandatory", "formats", "max_size_kb", "note_ar", "note_en")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceVersion)
class ServiceVersionAdmin(ReadOnlyAdmin):
    list_display = ("service", "number", "status", "name_ar", "centre_fee_cap", "published_at")
    list_filter = ("status", "service__institution")
    search_fields = ("service__code", "name_ar", "name_en")
    inlines = [DocumentInline]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(CentreFeeCapChange)
class CentreFeeCapChangeAdmin(ReadOnlyAdmin):
    list_display = ("service", "old_cap", "new_cap", "changed_by", "changed_at")
    list_filter = ("service__institution",)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff
