from django.urls import path

from . import oidc, views, views_security

app_name = "accounts"

urlpatterns = [
    path("konto/logga-in/", views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("konto/e-legitimation/", oidc.EidStartView.as_view(), name="oidc_login"),
    path("konto/e-legitimation/svar/", oidc.EidCallbackView.as_view(), name="oidc_callback"),
    path("konto/e-legitimation/koppla/", oidc.EidBindView.as_view(), name="oidc_bind"),
    path("konto/glomt-losenord/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path("konto/", views_security.AccountView.as_view(), name="account"),
    path("konto/losenord/", views_security.PasswordChangeView.as_view(), name="password_change"),
    path("konto/bekrafta/", views_security.ReauthenticateView.as_view(), name="reauthenticate"),
    path("konto/tvafaktor/", views_security.TwoFactorView.as_view(), name="two_factor"),
    path(
        "konto/tvafaktor/aktivera/",
        views_security.TwoFactorEnrolView.as_view(),
        name="two_factor_enrol",
    ),
    path(
        "konto/tvafaktor/lank/<str:key>/",
        views_security.TwoFactorEnrolLinkView.as_view(),
        name="two_factor_enrol_link",
    ),
    path(
        "konto/tvafaktor/<int:pk>/ta-bort/",
        views_security.AuthenticatorRemoveView.as_view(),
        name="two_factor_remove",
    ),
    path(
        "konto/tvafaktor/aterstallningskoder/",
        views_security.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
    path("konto/aktivera/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
    path(
        "region/<str:county_code>/anvandare/", views.RegionUsersView.as_view(), name="region_users"
    ),
    path(
        "region/<str:county_code>/anvandare/<int:pk>/",
        views.RegionMembershipView.as_view(),
        name="region_membership",
    ),
]
