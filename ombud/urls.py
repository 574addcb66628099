from django.urls import path

from . import views

app_name = "ombud"

urlpatterns = [
    path("ombudsansokan/", views.MyApplicationsView.as_view(), name="mine"),
    path("ombudsansokan/ny/", views.ApplyView.as_view(), name="apply"),
    path("ombudsansokan/<int:pk>/", views.ApplicationView.as_view(), name="application"),
    path(
        "ombudsansokan/<int:pk>/bilaga/<int:number>/",
        views.DocumentView.as_view(),
        name="document",
    ),
    path("handlaggare/ombudsansokningar/", views.ReviewListView.as_view(), name="review_list"),
    path("handlaggare/ombudsansokningar/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path(
        "handlaggare/ombudsansokningar/<int:pk>/godkann/",
        views.ApproveView.as_view(),
        name="approve",
    ),
    path(
        "handlaggare/ombudsansokningar/<int:pk>/komplettering/",
        views.CompletionRequestView.as_view(),
        name="request_completion",
    ),
    path(
        "handlaggare/ombudsansokningar/<int:pk>/avsla/",
        views.RejectView.as_view(),
        name="reject",
    ),
]
