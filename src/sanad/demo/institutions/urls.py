from django.urls import path

from . import views

app_name = "demo_institutions"
urlpatterns = [
    path("<str:code>/", views.receive, name="receive"),
    path("<str:code>/control/", views.ControlView.as_view(), name="control"),
    path("<str:code>/received/", views.ReceivedView.as_view(), name="received"),
    path("<str:code>/status/<str:reference>/", views.status, name="status"),
]
