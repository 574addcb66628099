from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("bidrag/<int:year>/meddelanden/", views.AnnouncementsView.as_view(), name="announcements"),
    path("bidrag/<int:year>/paminnelser/", views.ReminderLogView.as_view(), name="log"),
    path(
        "bidrag/<int:year>/paminnelser/regler/ny/",
        views.ReminderRuleView.as_view(),
        name="rule_add",
    ),
    path(
        "bidrag/<int:year>/paminnelser/regler/<int:pk>/",
        views.ReminderRuleView.as_view(),
        name="rule_edit",
    ),
]
