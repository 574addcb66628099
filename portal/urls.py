from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("granskning/", views.AuditorHomeView.as_view(), name="auditor_home"),
]
