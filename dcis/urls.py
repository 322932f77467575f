from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from network.views import HomeView

from . import forms, import_views, views


def account_page(view, template, title, intro="", **kwargs):
    """An account page of Django's auth views, in the design system's look."""
    return view.as_view(template_name=template, extra_context={"title": title, "intro": intro}, **kwargs)


FORM_PAGE = "registration/form_page.html"
MESSAGE_PAGE = "registration/message_page.html"

account_urls = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=forms.SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        account_page(
            auth_views.PasswordChangeView, FORM_PAGE, _("Change your password"), form_class=forms.PasswordChangeForm
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        account_page(
            auth_views.PasswordChangeDoneView, MESSAGE_PAGE, _("Password changed"), _("Your new password is saved.")
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        account_page(
            auth_views.PasswordResetView,
            FORM_PAGE,
            _("Forgotten password"),
            _("Give the e-mail address of your account: we will send you a link to choose a new password."),
            form_class=forms.PasswordResetForm,
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        account_page(
            auth_views.PasswordResetDoneView,
            MESSAGE_PAGE,
            _("Check your e-mail"),
            _("If an account has this address, a message with a link to choose a new password is on its way."),
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        account_page(
            auth_views.PasswordResetConfirmView,
            FORM_PAGE,
            _("Choose a new password"),
            form_class=forms.SetPasswordForm,
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        account_page(
            auth_views.PasswordResetCompleteView,
            MESSAGE_PAGE,
            _("Password changed"),
            _("Your new password is saved: you can sign in with it."),
        ),
        name="password_reset_complete",
    ),
]

user_urls = [
    path("", views.UserListView.as_view(), name="user-list"),
    path("new/", views.UserCreateView.as_view(), name="user-create"),
    path("<int:pk>/", views.UserUpdateView.as_view(), name="user-update"),
    path("<int:pk>/unlock/", views.UnlockUserView.as_view(), name="user-unlock"),
]

# The footer's pages (dcis.navigation.FOOTER_PAGES), public.
public_pages = [
    path(route, views.PublicPageView.as_view(template_name=f"pages/{name}.html"), name=name)
    for route, name in [
        ("accessibility/", "accessibility"),
        ("legal-notice/", "legal-notice"),
        ("personal-data/", "personal-data"),
        ("site-map/", "site-map"),
    ]
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    *public_pages,
    path("history/deleted/", views.DeletedRecordsView.as_view(), name="deleted-records"),
    path("history/exports/", views.ExportRecordListView.as_view(), name="exportrecord-list"),
    path("history/imports/", import_views.ImportRecordListView.as_view(), name="importrecord-list"),
    path(
        "history/deleted/<str:app_label>/<str:model_name>/<str:pk>/",
        views.DeletedRecordHistoryView.as_view(),
        name="deleted-record-history",
    ),
    path("autocomplete/<str:source>/", views.AutocompleteView.as_view(), name="autocomplete"),
    path("network/", include("network.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("accounts/", include(account_urls)),
    path("users/", include(user_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
