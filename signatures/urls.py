from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("handlaggare/signaturer/<int:pk>/", views.SignatureCheckView.as_view(), name="check"),
]
