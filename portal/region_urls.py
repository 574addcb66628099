"""The region's pages under /region/. They live in portal (they gather every step) but keep
the namespace "regions" their links have always used."""

from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.my_region, name="mine"),
    path("<str:county_code>/", views.RegionHomeView.as_view(), name="home"),
    path("<str:county_code>/bidrag/", views.RegionGrantsView.as_view(), name="grants"),
    path("<str:county_code>/bidrag/<int:year>/", views.RegionCaseView.as_view(), name="case"),
]
