from django.urls import path  # noqa: F401 - the start pages add their routes here

app_name = "portal"

urlpatterns: list = []
