"""Kansliet's own API keys: created here (the key is shown once, on the page after saving),
listed and revoked; nobody sees another user's keys."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from goals.admin_history import SwedishHistoryAdmin
from goals.models import Membership

from . import tokens
from .models import ApiToken


def may_hold_keys(user) -> bool:
    return user.is_active and (user.is_superuser or Membership.objects.kansli().filter(user=user).exists())


@admin.register(ApiToken)
class ApiTokenAdmin(SwedishHistoryAdmin):
    list_display = ("name", "prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_queryset(self, request):
        # Only one's own keys, a superuser's too: a key acts as its user.
        return super().get_queryset(request).filter(user=request.user)

    def has_module_permission(self, request):
        return may_hold_keys(request.user)

    def has_view_permission(self, request, obj=None):
        return may_hold_keys(request.user)

    def has_add_permission(self, request):
        return may_hold_keys(request.user)

    def has_change_permission(self, request, obj=None):
        return may_hold_keys(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_hold_keys(request.user)

    def get_fields(self, request, obj=None):
        return ("name",) if obj is None else self.fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        token, secret = tokens.issue_token(user=request.user, name=obj.name)
        obj.pk, obj.prefix, obj.digest, obj.created_at = token.pk, token.prefix, token.digest, token.created_at
        request._api_secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        # The key itself is on this page only: it is not stored, nor put in a message or a URL.
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ny API-nyckel"),
            "opts": self.opts,
            "token": obj,
            "secret": request._api_secret,
        }
        return TemplateResponse(request, "api/token_created.html", context)

    @admin.action(description=_("Återkalla valda nycklar"))
    def revoke(self, request, queryset):
        count = tokens.revoke_tokens(queryset)
        self.message_user(
            request,
            ngettext("%(count)d nyckel är återkallad.", "%(count)d nycklar är återkallade.", count) % {"count": count},
            messages.SUCCESS,
        )
