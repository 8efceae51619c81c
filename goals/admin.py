from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import admin_mail, admin_sso, history, kolada, services  # noqa: F401 (admin_mail, admin_sso register)
from .admin_choices import EARLIER_YEAR, SAME_ORGANISATION, SAME_YEAR, PlanYearChoices
from .admin_history import SwedishHistoryAdmin
from .admin_scoping import OrganisationScoped, ScopedValuesFilter, scope, scope_users
from .models import (
    Dimension,
    DimensionItem,
    FollowUp,
    Goal,
    Measure,
    MeasureComponent,
    MeasureValue,
    Member,
    MemberContribution,
    Membership,
    Organisation,
    Period,
    PlanLevel,
    PlanYear,
    Population,
    State,
    TextSection,
    Unit,
)


class MemberInline(OrganisationScoped, admin.TabularInline):
    model = Member
    extra = 0
    fields = ["kind", "code", "name", "adjunct", "order"]


class UnitInline(OrganisationScoped, admin.TabularInline):
    model = Unit
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MemberInline, UnitInline]


@admin.register(Member)
class MemberAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["name", "kind", "code", "organisation", "adjunct", "order"]
    list_filter = ["kind", "adjunct"]
    list_select_related = ["organisation"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["name", "organisation", "operation", "order"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter), "operation"]
    list_select_related = ["organisation"]
    search_fields = ["name"]


class DimensionItemInline(OrganisationScoped, admin.TabularInline):
    model = DimensionItem
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["name", "organisation", "order"]
    list_select_related = ["organisation"]
    prepopulated_fields = {"key": ["name"]}
    inlines = [DimensionItemInline]


@admin.register(Membership)
class MembershipAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["user", "role", "organisation", "unit", "from_sso"]
    list_filter = [
        "role",
        "from_sso",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("unit", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["user", "organisation", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user"]
    # Set by a login only: ticked by hand, the next login would remove a membership kansliet gave.
    readonly_fields = ["from_sso"]


class PeriodInline(OrganisationScoped, admin.TabularInline):
    model = Period
    extra = 0


class PlanLevelInline(OrganisationScoped, admin.TabularInline):
    model = PlanLevel
    extra = 0
    fields = [
        "order",
        "key",
        "name",
        "plural",
        "definite_singular",
        "definite_plural",
        "neuter",
        "followed_up",
        "counted",
        "table_rows",
    ]


class ContributionInline(OrganisationScoped, admin.TabularInline):
    model = MemberContribution
    extra = 0


@admin.register(PlanYear)
class PlanYearAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["organisation", "year", "is_public"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["organisation", "year", "strategic_goal", "strategic_approach"]}),
        (
            _("Kapitlets rubriker"),
            {"fields": ["measure_heading", "result_heading", "owner_heading", "unit_heading", "number_measures"]},
        ),
        (_("Publicering"), {"fields": ["is_public"]}),
    ]
    inlines = [PlanLevelInline, PeriodInline, ContributionInline]


@admin.action(description=_("Öppna valda perioder för enheterna"))
def open_periods(modeladmin, request, queryset):
    for period in queryset:
        services.set_period_open(period=period, is_open=True)


@admin.action(description=_("Stäng valda perioder"))
def close_periods(modeladmin, request, queryset):
    for period in queryset:
        services.set_period_open(period=period, is_open=False)


@admin.register(Period)
class PeriodAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["__str__", "plan_year", "kind", "end_date", "deadline", "reminder_days", "is_open"]
    list_filter = [
        ("plan_year__organisation", admin.RelatedOnlyFieldListFilter),
        ("plan_year__year", ScopedValuesFilter),
        "kind",
        "is_open",
    ]
    list_select_related = ["plan_year__organisation"]
    actions = [open_periods, close_periods]


class MeasureInline(PlanYearChoices, OrganisationScoped, admin.StackedInline):
    model = Measure
    year_choices = {"dimension": SAME_ORGANISATION}
    extra = 0
    show_change_link = True
    fields = [
        ("text", "key", "order"),
        ("target_kind", "comparator", "target_value", "target_high"),
        ("tolerance", "tolerance_percent", "direction", "unit_label"),
        ("breakdown", "dimension", "aggregation", "kpi"),
        ("previous_label", "previous_value"),
    ]


@admin.register(Goal)
class GoalAdmin(PlanYearChoices, OrganisationScoped, SwedishHistoryAdmin):
    # A level, a goal above or a text of another year would put the goal where the year's
    # chapter cannot see it; a predecessor is last year's goal.
    year_choices = {"level": SAME_YEAR, "parent": SAME_YEAR, "predecessor": EARLIER_YEAR, "unit": SAME_ORGANISATION}
    list_display = ["short_title", "level", "kind", "owner", "parent", "plan_year", "order"]
    list_filter = [
        ("plan_year__organisation", admin.RelatedOnlyFieldListFilter),
        ("plan_year__year", ScopedValuesFilter),
        "kind",
        ("unit", admin.RelatedOnlyFieldListFilter),
        "appendix",
    ]
    list_select_related = ["unit", "level", "parent", "plan_year__organisation"]
    search_fields = ["title", "description", "owner_label", "key"]
    inlines = [MeasureInline]

    @admin.display(description=_("Mål/uppdrag"), ordering="title")
    def short_title(self, goal):
        return goal.title[:100]

    @admin.display(description=_("Verksamhet"), ordering="unit__name")
    def owner(self, goal):
        return goal.owner_display


class MeasureComponentInline(OrganisationScoped, admin.TabularInline):
    model = MeasureComponent
    extra = 0


class MeasureValueInline(OrganisationScoped, admin.TabularInline):
    model = MeasureValue
    extra = 0
    fields = [
        "measure",
        "component",
        "municipality",
        "item",
        "gender",
        "category",
        "value",
        "unit_label",
        "reached",
        "note",
    ]
    autocomplete_fields = ["measure"]


@admin.action(description=_("Godkänn valda inskickade uppföljningar"))
def approve_follow_ups(modeladmin, request, queryset):
    approved = 0
    for follow_up in queryset.filter(state=State.SUBMITTED):
        services.approve_follow_up(follow_up=follow_up, user=request.user)
        approved += 1
    modeladmin.message_user(
        request,
        ngettext("%(n)d uppföljning godkändes.", "%(n)d uppföljningar godkändes.", approved) % {"n": approved},
        messages.SUCCESS,
    )


STALE = _(
    "Uppföljningen har sparats av någon annan sedan du öppnade sidan. Öppna den igen för att "
    "se den nya versionen; dina ändringar här är inte sparade."
)


class FollowUpAdminForm(forms.ModelForm):
    """The admin's form carries the version it was opened with, like the app's own form, so an
    edit here never silently overwrites what a unit saved meanwhile."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FollowUp
        exclude = ["version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = FollowUp.objects.select_related("period").get(pk=self.instance.pk)
            if cleaned.get("loaded_version") is not None and stored.version != cleaned["loaded_version"]:
                raise forms.ValidationError(STALE)
            # The same rule as everywhere else: an approved follow-up stays as it was approved.
            refusal = stored.change_refusal(as_kansli=True)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(FollowUp)
class FollowUpAdmin(PlanYearChoices, OrganisationScoped, SwedishHistoryAdmin):
    form = FollowUpAdminForm
    year_choices = {"period": SAME_YEAR}
    year_of = "goal.plan_year"
    list_display = ["goal_title", "unit_name", "period", "status", "state", "author", "updated_at"]
    list_filter = [
        ("period__plan_year__organisation", admin.RelatedOnlyFieldListFilter),
        ("period__plan_year__year", ScopedValuesFilter),
        "period__kind",
        "state",
        "status",
        ("goal__unit", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["goal__unit", "period__plan_year__organisation", "author"]
    search_fields = ["goal__title", "text", "return_comment"]
    readonly_fields = ["created_at", "updated_at", "submitted_at", "decided_at"]
    autocomplete_fields = ["goal"]
    inlines = [MeasureValueInline]
    actions = [approve_follow_ups]

    def history_entries(self, request, object_id):
        # The same entries as the app's history page, measured values included.
        return history.follow_up_history(FollowUp.objects.get(pk=object_id))

    def revert_disabled(self, request, obj=None):
        # A follow-up moves through its states in the app; putting back an old version here
        # would skip the unit's and kansliet's steps (and its version check refuses it anyway).
        return True

    @admin.display(description=_("Mål/uppdrag"), ordering="goal__title")
    def goal_title(self, follow_up):
        return follow_up.goal.title[:80]

    @admin.display(description=_("Enhet"), ordering="goal__unit__name")
    def unit_name(self, follow_up):
        return follow_up.goal.owner_display

    def save_model(self, request, obj, form, change):
        # Edits in the admin must also invalidate forms opened before them. The row is locked and
        # its version checked again, so a save that raced this one since the form was checked
        # is refused rather than overwritten.
        if change:
            current = FollowUp.objects.select_for_update().values_list("version", flat=True).get(pk=obj.pk)
            if current != form.cleaned_data.get("loaded_version", current):
                raise PermissionDenied(STALE)
            obj.version = current + 1
        obj._change_reason = "admin"
        super().save_model(request, obj, form, change)


class KoladaImportForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Organisation"))
    file = forms.FileField(label=_("Fil i Koladas format (JSON eller CSV)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = scope(Organisation.objects.all(), user)


@admin.register(Measure)
class MeasureAdmin(PlanYearChoices, OrganisationScoped, SwedishHistoryAdmin):
    year_choices = {"goal": SAME_YEAR, "predecessor": EARLIER_YEAR, "dimension": SAME_ORGANISATION}
    year_of = "goal.plan_year"
    list_display = ["text", "goal", "target_kind", "comparator", "target_value", "unit_label", "kpi"]
    list_select_related = ["goal"]
    inlines = [MeasureComponentInline]
    search_fields = ["text", "goal__title", "kpi"]
    list_filter = ["target_kind", "breakdown", ("goal__plan_year__year", ScopedValuesFilter)]
    change_list_template = "admin/goals/measure/change_list.html"

    def get_urls(self):
        extra = [path("kolada/", self.admin_site.admin_view(self.import_kolada), name="goals_measure_kolada")]
        return extra + super().get_urls()

    def import_kolada(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = KoladaImportForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                count = kolada.import_values(
                    organisation=form.cleaned_data["organisation"],
                    content=form.cleaned_data["file"].read(),
                    user=request.user,
                )
            except kolada.KoladaImportError as error:
                for problem in error.problems[:30]:
                    form.add_error("file", problem)
            else:
                self.message_user(request, _("Importerade %(n)s värden.") % {"n": count}, messages.SUCCESS)
                return redirect("admin:goals_measure_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Importera värden från Kolada"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/goals/measure/kolada.html", context)


@admin.register(Population)
class PopulationAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["municipality", "year", "population"]
    list_filter = ["year", ("municipality__organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["municipality"]
    list_editable = ["population"]


@admin.register(TextSection)
class TextSectionAdmin(PlanYearChoices, OrganisationScoped, SwedishHistoryAdmin):
    year_choices = {"node": SAME_YEAR, "period": SAME_YEAR, "unit": SAME_ORGANISATION}
    list_display = ["__str__", "plan_year", "period", "unit", "order"]
    list_filter = [
        ("plan_year__organisation", admin.RelatedOnlyFieldListFilter),
        ("plan_year__year", ScopedValuesFilter),
        "section",
        "kind",
    ]
    list_select_related = ["plan_year__organisation", "period", "unit"]
    search_fields = ["heading", "body"]


class ScopedUserAdmin(UserAdmin):
    def get_queryset(self, request):
        return scope_users(super().get_queryset(request), request.user)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), ScopedUserAdmin)
