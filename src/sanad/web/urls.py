from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, public

app_name = "web"
urlpatterns = [
    path("", public.home, name="home"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", account.set_language, name="set-language"),
    path("me/", account.dashboard, name="dashboard"),
]
