from django.urls import path

from wijkteam.residents import views

app_name = "residents"
urlpatterns = [
    path("", views.ResidentListView.as_view(), name="resident-list"),
    path("nieuw/", views.ResidentCreateView.as_view(), name="resident-create"),
    path("<int:pk>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("<int:pk>/wijzigen/", views.ResidentUpdateView.as_view(), name="resident-update"),
    path("<int:pk>/delen/", views.ResidentShareView.as_view(), name="resident-share"),
]
