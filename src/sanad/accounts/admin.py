from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import CitizenProfile, User


class CitizenProfileInline(admin.StackedInline):
    model = CitizenProfile
    can_delete = False
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name_ar", "role", "mobile", "is_active", "is_demo")
    list_filter = ("role", "is_active", "is_staff", "is_demo")
    search_fields = (
        "username",
        "full_name_ar",
        "full_name_en",
        "email",
        "mobile",
        "citizen_profile__id_number",
    )
    readonly_fields = ("is_demo",)
    inlines = [CitizenProfileInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Sanad"),
            {"fields": ("role", "full_name_ar", "full_name_en", "mobile", "preferred_language", "is_demo")},
        ),
    )


@admin.action(description=_("Reset two-factor sign-in (enrol again at the next sign-in)"))
def reset_two_factor(modeladmin, request, queryset):
    from .twofactor import totp_reset

    for user in queryset:
        totp_reset(user=user)
    modeladmin.message_user(
        request, _("Two-factor sign-in reset for %(count)d accounts.") % {"count": len(queryset)}
    )


UserAdmin.actions = (reset_two_factor,)
