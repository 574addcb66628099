from django.urls import path

from .views import officer, region

app_name = "reports"

urlpatterns = [
    path(
        "region/<str:county_code>/bidrag/<int:year>/redovisning/",
        region.ReportFormView.as_view(),
        name="form",
    ),
    path(
        "region/<str:county_code>/bidrag/<int:year>/redovisning/version/<int:number>/",
        region.ReportVersionView.as_view(),
        name="version",
    ),
    path(
        "handlaggare/redovisningar/", officer.NewestReportQueueView.as_view(), name="newest_queue"
    ),
    path(
        "handlaggare/bidrag/<int:year>/redovisningar/",
        officer.ReportQueueView.as_view(),
        name="queue",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/redovisning/",
        officer.ReportReviewView.as_view(),
        name="review",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/redovisning/godkann/",
        officer.ReportApproveView.as_view(),
        name="approve",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/redovisning/komplettering/",
        officer.ReportCompletionView.as_view(),
        name="complete",
    ),
]
