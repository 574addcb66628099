from django.urls import path

from .views import officer, region

app_name = "requisitions"

urlpatterns = [
    path(
        "region/<str:county_code>/bidrag/<int:year>/rekvisition/",
        region.RequisitionFormView.as_view(),
        name="form",
    ),
    path(
        "region/<str:county_code>/bidrag/<int:year>/rekvisition/kvitto/",
        region.RequisitionReceiptView.as_view(),
        name="receipt",
    ),
    path("handlaggare/rekvisitioner/", officer.QueueView.as_view(), name="queue"),
    path("handlaggare/rekvisitioner/<int:pk>/", officer.ReviewView.as_view(), name="review"),
    path(
        "handlaggare/rekvisitioner/<int:pk>/beslut/", officer.ApproveView.as_view(), name="approve"
    ),
    path("handlaggare/rekvisitioner/<int:pk>/avslag/", officer.RefuseView.as_view(), name="refuse"),
    path(
        "handlaggare/rekvisitioner/<int:pk>/utbetalning/",
        officer.ReleaseView.as_view(),
        name="release",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/sen-rekvisition/",
        officer.LateRegistrationView.as_view(),
        name="late",
    ),
    path(
        "handlaggare/utbetalningsfiler/", officer.PaymentFilesView.as_view(), name="payment_files"
    ),
]
