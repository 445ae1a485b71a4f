from django.urls import path

from wijkteam.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification-list"),
    path("openen/", views.NotificationOpenView.as_view(), name="notification-open"),
    path("alles-gelezen/", views.NotificationReadAllView.as_view(), name="notification-read-all"),
    path("teller/", views.NotificationBadgeView.as_view(), name="notification-badge"),
]
