from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.GrantListView.as_view(), name="list"),
    path("nytt-beslut/", views.DecisionRegisterView.as_view(), name="register"),
    path("<int:year>/", views.GrantDetailView.as_view(), name="detail"),
    path("<int:year>/villkor/", views.AgencyConditionsEditView.as_view(), name="conditions_edit"),
    path("<int:year>/aterkrav/", views.RecoveryTermsEditView.as_view(), name="recovery_terms"),
    path("<int:year>/beslutat/", views.DecisionMarkDecidedView.as_view(), name="mark_decided"),
    path("<int:year>/fordelning/", views.AllocationPreviewView.as_view(), name="allocation"),
    path(
        "<int:year>/tidsfrister/<slug:kind>/",
        views.DeadlineEditView.as_view(),
        name="deadline_edit",
    ),
]
