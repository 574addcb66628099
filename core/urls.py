from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("halsa/", views.health, name="health"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
