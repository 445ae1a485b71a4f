from django.urls import path

from wijkteam.oversight import views

app_name = "oversight"
urlpatterns = [
    path("noodtoegang/", views.BreakGlassView.as_view(), name="break-glass"),
    path("noodtoegangen/", views.GrantListView.as_view(), name="grant-list"),
    path("noodtoegangen/<int:pk>/", views.GrantDetailView.as_view(), name="grant-detail"),
    path(
        "noodtoegangen/<int:pk>/beoordelen/", views.GrantReviewView.as_view(), name="grant-review"
    ),
    path("inzagecontrole/", views.AccessReviewView.as_view(), name="access-review"),
    path(
        "inzagecontrole/export/",
        views.AccessReviewExportView.as_view(),
        name="access-review-export",
    ),
]
