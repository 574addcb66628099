"""Officers' pages for population figures, under /bidrag/befolkning/."""

from django.urls import path

from . import population_views as views

app_name = "population"

urlpatterns = [
    path("", views.PopulationListView.as_view(), name="list"),
    path("fil/<int:pk>/", views.PopulationImportView.as_view(), name="import"),
    path("<int:pk>/", views.PopulationDatasetView.as_view(), name="dataset"),
]
