from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path(
        "region/<str:county_code>/bidrag/<int:year>/bilagor/",
        views.RegionCaseFilesView.as_view(),
        name="region_case",
    ),
    path(
        "region/<str:county_code>/bidrag/<int:year>/bilagor/<int:pk>/",
        views.RegionCaseFileDownloadView.as_view(),
        name="region_download",
    ),
    path(
        "region/<str:county_code>/bidrag/<int:year>/bilagor/<int:pk>/dra-tillbaka/",
        views.RegionCaseFileWithdrawView.as_view(),
        name="region_withdraw",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/bilagor/",
        views.StaffCaseFilesView.as_view(),
        name="staff_case",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/bilagor/<int:pk>/",
        views.StaffCaseFileDownloadView.as_view(),
        name="staff_download",
    ),
]
