from django.urls import path

from wijkteam.organisation import views

app_name = "organisation"
urlpatterns = [
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/nieuw/", views.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team-detail"),
    path("teams/<int:pk>/wijzigen/", views.TeamUpdateView.as_view(), name="team-update"),
    path("teams/<int:pk>/opvolgen/", views.TeamSucceedView.as_view(), name="team-succeed"),
    path("gebieden/", views.AreaListView.as_view(), name="area-list"),
    path("gebieden/nieuw/", views.AreaCreateView.as_view(), name="area-create"),
    path("gebieden/<int:pk>/wijzigen/", views.AreaUpdateView.as_view(), name="area-update"),
    path("locaties/", views.LocationListView.as_view(), name="location-list"),
    path("locaties/nieuw/", views.LocationCreateView.as_view(), name="location-create"),
    path("locaties/<int:pk>/wijzigen/", views.LocationUpdateView.as_view(), name="location-update"),
    path("functies/", views.FunctionListView.as_view(), name="function-list"),
    path("functies/nieuw/", views.FunctionCreateView.as_view(), name="function-create"),
    path("functies/<int:pk>/wijzigen/", views.FunctionUpdateView.as_view(), name="function-update"),
]
