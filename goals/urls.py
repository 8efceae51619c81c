from django.urls import path

from . import export_views, kansli_views, mail_views, views
from .logbook import views as logbook_views
from .planning import goal_views
from .planning import views as planning_views
from .spreadsheets import views as spreadsheet_views

urlpatterns = [
    path("", views.home, name="home"),
    path("mina-mal/", views.my_goals, name="my_goals"),
    path("mal/<int:goal_id>/period/<int:period_id>/", views.follow_up_edit, name="follow_up_edit"),
    path("mal/<int:goal_id>/period/<int:period_id>/ta-tillbaka/", views.follow_up_withdraw, name="follow_up_withdraw"),
    path("mal/<int:goal_id>/period/<int:period_id>/forslag/", views.follow_up_proposal, name="follow_up_proposal"),
    path("mal/<int:goal_id>/period/<int:period_id>/matetal/<int:measure_id>/", views.breakdown, name="breakdown"),
    path("mal/<int:goal_id>/period/<int:period_id>/enkat/", views.survey, name="survey"),
    path("matetal/<int:measure_id>/historik/", views.measure_history, name="measure_history"),
    path("kansli/", kansli_views.overview, name="overview"),
    path("kansli/planera/", planning_views.planning_home, name="planning_home"),
    path("kansli/<slug:slug>/", kansli_views.overview, name="overview_org"),
    path("kansli/<slug:slug>/period/<int:period_id>/", kansli_views.overview, name="overview_period"),
    path("kansli/<slug:slug>/uppfoljningar/", kansli_views.follow_up_list, name="follow_up_list"),
    path("kansli/<slug:slug>/plan/<int:year>/kopiera/", kansli_views.copy_plan, name="copy_plan"),
    path("kansli/<slug:slug>/plan/<int:year>/excel/", spreadsheet_views.plan_excel, name="plan_excel"),
    path("kansli/<slug:slug>/period/<int:period_id>/excel/", spreadsheet_views.status_excel, name="status_excel"),
    path("kansli/<slug:slug>/plan/<int:year>/json/", export_views.plan_json, name="plan_json"),
    path(
        "kansli/<slug:slug>/matetal/<int:measure_id>/kolada.csv",
        export_views.measure_kolada_csv,
        name="measure_kolada_csv",
    ),
    path("kansli/<slug:slug>/importera/", spreadsheet_views.plan_import, name="plan_import"),
    path("kansli/<slug:slug>/importera/mall/", spreadsheet_views.plan_template, name="plan_template"),
    path("kansli/period/<int:period_id>/oppna-stang/", kansli_views.toggle_period, name="toggle_period"),
    path("kansli/period/<int:period_id>/stang/", kansli_views.close_period, name="close_period"),
    path("uppfoljning/<int:follow_up_id>/granska/", kansli_views.review, name="review"),
    path("uppfoljning/<int:follow_up_id>/historik/", views.history, name="history"),
    path("plan/<slug:slug>/<int:year>/", views.plan, name="plan"),
    path("e-postinstallningar/", mail_views.mail_settings, name="mail_settings"),
]

urlpatterns += [
    path("kansli/<slug:slug>/planera/", planning_views.years_page, name="planning_years"),
    path("kansli/<slug:slug>/planera/starta/", planning_views.start_year, name="planning_start"),
    path("kansli/<slug:slug>/planera/<int:year>/", planning_views.year_page, name="planning_year"),
    path("kansli/<slug:slug>/planera/<int:year>/texter/", planning_views.settings_edit, name="planning_settings"),
    path("kansli/<slug:slug>/planera/<int:year>/niva/ny/", planning_views.level_edit, name="planning_level_add"),
    path(
        "kansli/<slug:slug>/planera/<int:year>/niva/<int:level_id>/", planning_views.level_edit, name="planning_level"
    ),
    path(
        "kansli/<slug:slug>/planera/<int:year>/niva/<int:level_id>/ta-bort/",
        planning_views.level_delete,
        name="planning_level_delete",
    ),
    path("kansli/<slug:slug>/planera/<int:year>/period/ny/", planning_views.period_edit, name="planning_period_add"),
    path(
        "kansli/<slug:slug>/planera/<int:year>/period/<int:period_id>/",
        planning_views.period_edit,
        name="planning_period",
    ),
    path(
        "kansli/<slug:slug>/planera/<int:year>/period/<int:period_id>/ta-bort/",
        planning_views.period_delete,
        name="planning_period_delete",
    ),
    path("kansli/<slug:slug>/planera/<int:year>/mal/ny/", goal_views.goal_edit, name="planning_goal_add"),
    path("kansli/<slug:slug>/planera/<int:year>/mal/<int:goal_id>/", goal_views.goal_edit, name="planning_goal"),
    path(
        "kansli/<slug:slug>/planera/<int:year>/mal/<int:goal_id>/ta-bort/",
        goal_views.goal_delete,
        name="planning_goal_delete",
    ),
    path(
        "kansli/<slug:slug>/planera/<int:year>/mal/<int:goal_id>/flytta/",
        goal_views.goal_move,
        name="planning_goal_move",
    ),
    path(
        "kansli/<slug:slug>/planera/<int:year>/mal/<int:goal_id>/matetal/ny/",
        goal_views.measure_edit,
        name="planning_measure_add",
    ),
    path(
        "kansli/<slug:slug>/planera/<int:year>/matetal/<int:measure_id>/",
        goal_views.measure_edit,
        name="planning_measure",
    ),
    path(
        "kansli/<slug:slug>/planera/<int:year>/matetal/<int:measure_id>/ta-bort/",
        goal_views.measure_delete,
        name="planning_measure_delete",
    ),
]

urlpatterns += [
    path("logg/", logbook_views.logbook, name="logbook"),
    path("logg/<slug:slug>/", logbook_views.logbook, name="logbook_org"),
]
