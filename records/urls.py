from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("<int:pk>/", views.document, name="document"),
]
