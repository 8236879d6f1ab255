"""Web pages of centres and licensing (included at the site root by sanad/urls.py)."""

from django.urls import path

from .views import apply, manage, public, regulator

app_name = "centres"
urlpatterns = [
    path("centres/", public.find, name="find"),
    path("centres/apply/", apply.apply, name="apply"),
    path("centres/<int:centre_id>/", public.centre_page, name="centre"),
    # /centre/manage/ itself is the business dashboard (analytics); the centre's details live here.
    path("centre/manage/details/", manage.overview, name="manage"),
    path("centre/manage/contact/", manage.contact, name="manage-contact"),
    path("centre/manage/renew/", manage.renew, name="manage-renew"),
    path("centre/manage/hours/", manage.hours, name="manage-hours"),
    path("centre/manage/hours/save/", manage.hours_save, name="manage-hours-save"),
    path("centre/manage/hours/exceptions/", manage.exception_add, name="manage-exception-add"),
    path(
        "centre/manage/hours/exceptions/<int:exception_id>/remove/",
        manage.exception_remove,
        name="manage-exception-remove",
    ),
    path("centre/manage/prices/", manage.prices, name="manage-prices"),
    path("centre/manage/prices/set/", manage.price_set, name="manage-price-set"),
    path("centre/manage/prices/remove/", manage.price_remove, name="manage-price-remove"),
    path("centre/manage/staff/", manage.staff, name="manage-staff"),
    path("centre/manage/staff/add/", manage.staff_add, name="manage-staff-add"),
    path("centre/manage/staff/<int:membership_id>/remove/", manage.staff_remove, name="manage-staff-remove"),
    path("regulator/licensing/", regulator.console, name="licensing"),
    path("regulator/licensing/<int:licence_id>/", regulator.licence_page, name="licence"),
    path("regulator/licensing/<int:licence_id>/action/", regulator.licence_action, name="licence-action"),
    path(
        "regulator/licensing/<int:licence_id>/inspections/", regulator.inspection_add, name="inspection-add"
    ),
    path(
        "regulator/licensing/<int:licence_id>/violations/<int:violation_id>/resolve/",
        regulator.violation_resolve,
        name="violation-resolve",
    ),
]
