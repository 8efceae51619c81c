from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/<int:year>/", views.year, name="year"),
    path("<slug:slug>/<int:year>/kapitel/<int:print_id>/", views.chapter, name="chapter"),
    path("<slug:slug>/<int:year>/kapitel/<int:print_id>/mal/<int:goal_id>/", views.goal, name="goal"),
    path("<slug:slug>/<int:year>/kapitel/<int:print_id>/pdf/", views.pdf, name="pdf"),
]
