from django.urls import path

from wijkteam.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("sessie/verlengen/", views.KeepAliveView.as_view(), name="keep-alive"),
    path("uitloggen/overal/", views.LogoutEverywhereView.as_view(), name="logout-everywhere"),
    path("blokkeringen/", views.LockoutListView.as_view(), name="lockout-list"),
    path("blokkeringen/opheffen/", views.LockoutResetView.as_view(), name="lockout-reset"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="password-change"),
    path("tweestaps/", views.OTPVerifyView.as_view(), name="otp-verify"),
    path("tweestaps/instellen/", views.OTPEnrolView.as_view(), name="otp-enrol"),
    path("tweestaps/herstelcodes/", views.RecoveryCodesView.as_view(), name="otp-recovery-codes"),
    path(
        "tweestaps/herstelcodes/nieuw/",
        views.RecoveryCodesRegenerateView.as_view(),
        name="otp-recovery-regenerate",
    ),
    path("medewerkers/", views.StaffListView.as_view(), name="staff-list"),
    path("medewerkers/nieuw/", views.StaffCreateView.as_view(), name="staff-create"),
    path("medewerkers/<int:pk>/", views.StaffDetailView.as_view(), name="staff-detail"),
    path("medewerkers/<int:pk>/wijzigen/", views.StaffUpdateView.as_view(), name="staff-update"),
    path(
        "medewerkers/<int:pk>/tweestaps/resetten/",
        views.OTPResetView.as_view(),
        name="otp-reset",
    ),
    path(
        "medewerkers/<int:pk>/teams/nieuw/",
        views.MembershipCreateView.as_view(),
        name="membership-create",
    ),
    path(
        "lidmaatschappen/<int:pk>/beeindigen/",
        views.MembershipEndView.as_view(),
        name="membership-end",
    ),
]
