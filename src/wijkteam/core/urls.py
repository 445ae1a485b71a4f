from django.urls import path

from wijkteam.core import logviews

app_name = "core"
urlpatterns = [
    path("wijzigingen/", logviews.AuditTrailView.as_view(), name="audit-log"),
    path("inzage/", logviews.AccessLogView.as_view(), name="access-log"),
    path("aanmeldingen/", logviews.AuthEventView.as_view(), name="auth-events"),
]
