from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.prints, name="prints"),
    path("<slug:slug>/", views.prints, name="prints_org"),
    path("<slug:slug>/arkiv/", views.published, name="published"),
    path("utskrift/<int:print_id>/status/", views.print_status, name="status"),
    path("utskrift/<int:print_id>/pdf/", views.download, name="download"),
    path("utskrift/<int:print_id>/word/", views.download_docx, name="download_docx"),
    path("<slug:slug>/wordmall/", views.word_template, name="word_template"),
    path("<slug:slug>/wordmall/standard/", views.default_word_template, name="default_word_template"),
    path("<slug:slug>/wordmall/ta-bort/", views.remove_word_template, name="remove_word_template"),
    path("utskrift/<int:print_id>/faststall/", views.finalise, name="finalise"),
    path("utskrift/<int:print_id>/ta-bort/", views.delete, name="delete"),
    path("utskrift/<int:print_id>/forsok-igen/", views.retry, name="retry"),
    path("forhandsgranska/<int:goal_id>/<int:period_id>/", views.follow_up_preview, name="follow_up_preview"),
]
