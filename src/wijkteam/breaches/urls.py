from django.urls import path

from wijkteam.breaches import views

app_name = "breaches"
urlpatterns = [
    path("", views.BreachListView.as_view(), name="breach-list"),
    path("melden/", views.BreachCreateView.as_view(), name="breach-create"),
    path("termijn/", views.BreachOverdueView.as_view(), name="breach-overdue"),
    path("<int:pk>/", views.BreachDetailView.as_view(), name="breach-detail"),
    path("<int:pk>/wijzigen/", views.BreachUpdateView.as_view(), name="breach-update"),
    path("<int:pk>/stap/", views.BreachTransitionView.as_view(), name="breach-transition"),
]
