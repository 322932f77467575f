from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from network.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("network/", include("network.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
