from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("bidrag/<int:year>/meddelanden/", views.AnnouncementsView.as_view(), name="announcements"),
    path("bidrag/<int:year>/paminnelser/", views.ReminderLogView.as_view(), name="log"),
]
