from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, public, twofactor

app_name = "web"
urlpatterns = [
    path("", public.home, name="home"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("login/verify/", twofactor.verify, name="login-verify"),
    path("login/enrol/", twofactor.enrol, name="login-enrol"),
    path("me/recovery-codes/", twofactor.recovery_codes_new, name="recovery-codes"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", account.set_language, name="set-language"),
    path("me/", account.dashboard, name="dashboard"),
]
