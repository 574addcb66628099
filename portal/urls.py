from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("granskning/", views.AuditorHomeView.as_view(), name="auditor_home"),
    path("handlaggare/inkorg/", views.InboxView.as_view(), name="inbox"),
    path("handlaggare/inkorg/mina/", views.MyInboxView.as_view(), name="inbox_mine"),
]
