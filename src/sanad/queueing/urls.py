"""Web pages of queueing (included at the site root by sanad/urls.py)."""

from django.urls import path

from . import views, views_appointments, views_setup

app_name = "queueing"
urlpatterns = [
    path("centres/<int:centre_id>/kiosk/", views.kiosk, name="kiosk"),
    path("centres/<int:centre_id>/kiosk/ticket/", views.kiosk_ticket, name="kiosk-ticket"),
    path("centres/<int:centre_id>/kiosk/check-in/", views.kiosk_check_in, name="kiosk-check-in"),
    path("centres/<int:centre_id>/board/", views.board, name="board"),
    path("tickets/<int:ticket_id>/<str:token>/", views.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/<str:token>/cancel/", views.ticket_cancel, name="ticket-cancel"),
    path("centre/queue/", views.console, name="console"),
    path("centre/queue/call-next/", views.console_call_next, name="call-next"),
    path("centre/queue/issue/", views.console_issue, name="issue"),
    path("centre/queue/counters/<int:counter_id>/sign-on/", views.console_sign_on, name="sign-on"),
    path("centre/queue/counters/<int:counter_id>/sign-off/", views.console_sign_off, name="sign-off"),
    path("centre/queue/tickets/<int:ticket_id>/<str:action>/", views.console_ticket_act, name="ticket-act"),
    path("centre/queue/setup/", views_setup.setup_page, name="setup"),
    path("centre/queue/setup/lines/", views_setup.line_add, name="setup-line-add"),
    path("centre/queue/setup/lines/<int:line_id>/", views_setup.line_edit, name="setup-line-edit"),
    path("centre/queue/setup/lines/<int:line_id>/open/", views_setup.line_open, name="setup-line-open"),
    path("centre/queue/setup/counters/", views_setup.counter_add, name="setup-counter-add"),
    path(
        "centre/queue/setup/counters/<int:counter_id>/", views_setup.counter_edit, name="setup-counter-edit"
    ),
    path(
        "centre/queue/setup/counters/<int:counter_id>/open/",
        views_setup.counter_open,
        name="setup-counter-open",
    ),
    path("centre/requests/", views.available_requests, name="available-requests"),
    path(
        "centre/requests/<int:request_id>/claim/",
        views.available_request_claim,
        name="available-request-claim",
    ),
    path("centres/<int:centre_id>/book/", views_appointments.book, name="book"),
    path("my/appointments/", views_appointments.my_appointments, name="my-appointments"),
    path("my/appointments/<int:appointment_id>/", views_appointments.appointment_page, name="appointment"),
    path(
        "my/appointments/<int:appointment_id>/cancel/", views_appointments.cancel, name="appointment-cancel"
    ),
]
