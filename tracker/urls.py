from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.endpoints import api

admin.site.site_header = _("Måluppfyllelse – kansliets administration")
admin.site.site_title = _("Måluppfyllelse")
admin.site.index_title = _("Verksamhetsår, mål och uppföljningar")

handler500 = "tracker.errors.server_error"

accounts = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The app's own pages (the admin keeps its own look for its password change).
    path(
        "losenord/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change_form.html"),
        name="password_change",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
if settings.EMAIL_HOST:
    # A reset link needs mail that arrives: without SMTP these pages are not offered at all.
    accounts += [
        path(
            "glomt-losenord/",
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset_form.html",
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
            ),
            name="password_reset",
        ),
        path(
            "glomt-losenord/skickat/",
            auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
            name="password_reset_done",
        ),
        path(
            "glomt-losenord/<uidb64>/<token>/",
            auth_views.PasswordResetConfirmView.as_view(template_name="accounts/password_reset_confirm.html"),
            name="password_reset_confirm",
        ),
        path(
            "glomt-losenord/klart/",
            auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
            name="password_reset_complete",
        ),
    ]

if settings.OIDC_ENABLED:
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    from goals.sso.views import CallbackView

    # The callback's address is the redirect URI registered at the IdP (see README).
    accounts += [
        path("oidc/login/", OIDCAuthenticationRequestView.as_view(), name="oidc_authentication_init"),
        path("oidc/callback/", CallbackView.as_view(), name="oidc_authentication_callback"),
    ]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include(accounts)),
    path("rapporter/", include("reports.urls")),
    path("offentlig/", include("public.urls")),
    path("api/", api.urls),
    path("", include("goals.urls")),
]
