from django.urls import path

from . import views, views_calendar

app_name = "portal"

urlpatterns = [
    path("granskning/", views.AuditorHomeView.as_view(), name="auditor_home"),
    path("handlaggare/inkorg/", views.InboxView.as_view(), name="inbox"),
    path("handlaggare/inkorg/mina/", views.MyInboxView.as_view(), name="inbox_mine"),
    path(
        "handlaggare/inkorg/avsnitt/<slug:section>/",
        views.InboxSectionView.as_view(),
        name="inbox_section",
    ),
    path(
        "handlaggare/inkorg/mina/avsnitt/<slug:section>/",
        views.MyInboxSectionView.as_view(),
        name="inbox_mine_section",
    ),
    path("konto/kalender/", views_calendar.CalendarView.as_view(), name="calendar"),
    path("kalender/<str:secret>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]
