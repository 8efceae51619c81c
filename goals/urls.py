from django.urls import path

from . import kansli_views, mail_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("mina-mal/", views.my_goals, name="my_goals"),
    path("mal/<int:goal_id>/period/<int:period_id>/", views.follow_up_edit, name="follow_up_edit"),
    path("mal/<int:goal_id>/period/<int:period_id>/forslag/", views.follow_up_proposal, name="follow_up_proposal"),
    path("mal/<int:goal_id>/period/<int:period_id>/matetal/<int:measure_id>/", views.breakdown, name="breakdown"),
    path("mal/<int:goal_id>/period/<int:period_id>/enkat/", views.survey, name="survey"),
    path("matetal/<int:measure_id>/historik/", views.measure_history, name="measure_history"),
    path("kansli/", kansli_views.overview, name="overview"),
    path("kansli/<slug:slug>/", kansli_views.overview, name="overview_org"),
    path("kansli/<slug:slug>/period/<int:period_id>/", kansli_views.overview, name="overview_period"),
    path("kansli/<slug:slug>/plan/<int:year>/kopiera/", kansli_views.copy_plan, name="copy_plan"),
    path("kansli/period/<int:period_id>/oppna-stang/", kansli_views.toggle_period, name="toggle_period"),
    path("uppfoljning/<int:follow_up_id>/granska/", kansli_views.review, name="review"),
    path("uppfoljning/<int:follow_up_id>/historik/", views.history, name="history"),
    path("plan/<slug:slug>/<int:year>/", views.plan, name="plan"),
    path("e-postinstallningar/", mail_views.mail_settings, name="mail_settings"),
]
