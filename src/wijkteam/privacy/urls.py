from django.urls import path

from wijkteam.privacy import retention_views, views

app_name = "privacy"
urlpatterns = [
    # AVG rights (views.py)
    path("inzage/", views.InzageListView.as_view(), name="inzage-list"),
    path("inzage/<int:pk>/", views.InzageDetailView.as_view(), name="inzage-detail"),
    path(
        "inzage/<int:pk>/download/<str:file_format>/",
        views.InzageDownloadView.as_view(),
        name="inzage-download",
    ),
    path("inwoners/<int:pk>/inzage/nieuw/", views.InzageCreateView.as_view(), name="inzage-create"),
    path(
        "inwoners/<int:pk>/wijzigingen/",
        views.ResidentHistoryView.as_view(),
        name="resident-history",
    ),
    path(
        "inwoners/<int:pk>/correctieverzoek/nieuw/",
        views.RectificationCreateView.as_view(),
        name="rectification-create",
    ),
    path("correctieverzoeken/", views.RectificationListView.as_view(), name="rectification-list"),
    path(
        "correctieverzoeken/<int:pk>/",
        views.RectificationDetailView.as_view(),
        name="rectification-detail",
    ),
    path(
        "correctieverzoeken/<int:pk>/besluit/",
        views.RectificationDecideView.as_view(),
        name="rectification-decide",
    ),
    path(
        "inwoners/<int:pk>/beperking/",
        views.RestrictionCreateView.as_view(),
        name="restriction-create",
    ),
    path(
        "inwoners/<int:pk>/beperking/opheffen/",
        views.RestrictionLiftView.as_view(),
        name="restriction-lift",
    ),
    path("export/gemeente/", views.MonitoringExportView.as_view(), name="monitoring-export"),
    # Retention (retention_views.py): add below.
    path(
        "bewaartermijnen/",
        retention_views.RetentionRunListView.as_view(),
        name="retention-run-list",
    ),
    path(
        "bewaartermijnen/proefrun/",
        retention_views.RetentionDryRunView.as_view(),
        name="retention-run-create",
    ),
    path(
        "bewaartermijnen/<int:pk>/",
        retention_views.RetentionRunDetailView.as_view(),
        name="retention-run-detail",
    ),
    path(
        "bewaartermijnen/<int:pk>/csv/",
        retention_views.RetentionRunExportView.as_view(),
        name="retention-run-export",
    ),
    path("bewaarplicht/", retention_views.LegalHoldListView.as_view(), name="legal-hold-list"),
    path(
        "bewaarplicht/nieuw/",
        retention_views.LegalHoldCreateView.as_view(),
        name="legal-hold-create",
    ),
    path(
        "bewaarplicht/<int:pk>/opheffen/",
        retention_views.LegalHoldLiftView.as_view(),
        name="legal-hold-lift",
    ),
]
