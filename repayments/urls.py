from django.urls import path

from . import interest_views, views

app_name = "repayments"

urlpatterns = [
    path(
        "region/<str:county_code>/bidrag/<int:year>/aterbetalning/",
        views.RegionRepaymentView.as_view(),
        name="region",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/",
        views.OfficerCaseView.as_view(),
        name="case",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/aterkrav/",
        views.RecoveryClaimView.as_view(),
        name="claim",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/aterkrav/<int:pk>/andra/",
        views.RecoveryClaimChangeView.as_view(),
        name="claim_change",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/ateroppna/",
        views.CaseReopenView.as_view(),
        name="reopen",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/tilldela/",
        views.CaseAssignView.as_view(),
        name="assign",
    ),
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/avsluta/",
        views.CaseCloseView.as_view(),
        name="close",
    ),
    path("handlaggare/aterbetalningar/", views.RepaymentsView.as_view(), name="list"),
    path(
        "handlaggare/referensranta/",
        interest_views.ReferenceRatesView.as_view(),
        name="reference_rates",
    ),
    path(
        "handlaggare/aterbetalningar/<int:pk>/",
        views.RepaymentResolveView.as_view(),
        name="resolve",
    ),
    path(
        "handlaggare/aterbetalningar/bankfil/", views.BankImportView.as_view(), name="bank_import"
    ),
    path(
        "handlaggare/aterbetalningar/bankfil/<int:pk>/",
        views.BankImportPreviewView.as_view(),
        name="bank_import_preview",
    ),
]
