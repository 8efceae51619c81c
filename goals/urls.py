from django.urls import path

from . import kansli_views, views
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
    path("kansli/<slug:slug>/", kansli_views.overview, name="overview_org"),
    path("kansli/<slug:slug>/period/<int:period_id>/", kansli_views.overview, name="overview_period"),
    path("kansli/<slug:slug>/uppfoljningar/", kansli_views.follow_up_list, name="follow_up_list"),
    path("kansli/<slug:slug>/plan/<int:year>/kopiera/", kansli_views.copy_plan, name="copy_plan"),
    path("kansli/<slug:slug>/plan/<int:year>/excel/", spreadsheet_views.plan_excel, name="plan_excel"),
    path("kansli/<slug:slug>/period/<int:period_id>/excel/", spreadsheet_views.status_excel, name="status_excel"),
    path("kansli/<slug:slug>/importera/", spreadsheet_views.plan_import, name="plan_import"),
    path("kansli/<slug:slug>/importera/mall/", spreadsheet_views.plan_template, name="plan_template"),
    path("kansli/period/<int:period_id>/oppna-stang/", kansli_views.toggle_period, name="toggle_period"),
    path("kansli/period/<int:period_id>/stang/", kansli_views.close_period, name="close_period"),
    path("uppfoljning/<int:follow_up_id>/granska/", kansli_views.review, name="review"),
    path("uppfoljning/<int:follow_up_id>/historik/", views.history, name="history"),
    path("plan/<slug:slug>/<int:year>/", views.plan, name="plan"),
]
