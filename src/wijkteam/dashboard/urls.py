from django.urls import path

from wijkteam.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
