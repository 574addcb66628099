from django.urls import path

from .views import agency, audit_trail, dossier, open_data, overview, queue, search

app_name = "reporting"

urlpatterns = [
    path(
        "oppna-data/fordelning/<int:year>.json",
        open_data.allocation_json,
        name="open_allocation_json",
    ),
    path(
        "oppna-data/fordelning/<int:year>.csv",
        open_data.allocation_csv_view,
        name="open_allocation_csv",
    ),
    path("handlaggare/sok/", search.SearchView.as_view(), name="search"),
    *[
        path(
            f"handlaggare/rekvisitioner/rekvisitioner.{fmt}",
            queue.QueueExportView.as_view(fmt=fmt),
            name=f"queue_export_{fmt}",
        )
        for fmt in ("csv", "xlsx")
    ],
    *[
        path(
            f"handlaggare/bidrag/<int:year>/redovisningar/redovisningar.{fmt}",
            queue.ReportQueueExportView.as_view(fmt=fmt),
            name=f"report_queue_export_{fmt}",
        )
        for fmt in ("csv", "xlsx")
    ],
    path("bidrag/<int:year>/oversikt/", overview.OverviewView.as_view(), name="overview"),
    path(
        "bidrag/<int:year>/oversikt/forlopp/",
        overview.OverviewProgressView.as_view(),
        name="overview_progress",
    ),
    path(
        "bidrag/<int:year>/kammarkollegiet/",
        agency.KammarkollegietView.as_view(),
        name="kammarkollegiet",
    ),
    path(
        "bidrag/<int:year>/kammarkollegiet/rapport.pdf",
        agency.KammarkollegietExportView.as_view(fmt="pdf"),
        name="kammarkollegiet_pdf",
    ),
    path(
        "bidrag/<int:year>/kammarkollegiet/rapport.xlsx",
        agency.KammarkollegietExportView.as_view(fmt="xlsx"),
        name="kammarkollegiet_xlsx",
    ),
    path(
        "bidrag/<int:year>/regeringsrapport/",
        agency.MinistryReportView.as_view(),
        name="ministry",
    ),
    *[
        path(
            f"bidrag/<int:year>/regeringsrapport.{fmt}",
            agency.MinistryReportExportView.as_view(fmt=fmt),
            name=f"ministry_{fmt}",
        )
        for fmt in ("xlsx", "pdf", "csv")
    ],
    path(
        "handlaggare/bidrag/<int:year>/region/<str:county_code>/akt.zip",
        dossier.CaseDossierView.as_view(),
        name="dossier",
    ),
    path("granskning/handelser/", audit_trail.AuditTrailView.as_view(), name="audit_trail"),
]
