from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path(
        "region/<str:county_code>/bidrag/<int:year>/meddelanden/",
        views.RegionConversationView.as_view(),
        name="region",
    ),
    path(
        "region/<str:county_code>/bidrag/<int:year>/meddelanden/bilaga/<int:pk>/",
        views.RegionFileView.as_view(),
        name="region_file",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/meddelanden/",
        views.OfficerConversationView.as_view(),
        name="officer",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/meddelanden/bilaga/<int:pk>/",
        views.OfficerFileView.as_view(),
        name="officer_file",
    ),
]
