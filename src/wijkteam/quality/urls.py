from django.urls import path

from wijkteam.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.QualityHomeView.as_view(), name="home"),
    path("overzicht/", views.OverviewView.as_view(), name="overview"),
]
