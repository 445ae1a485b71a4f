from django.urls import path

from wijkteam.improvements import views

app_name = "improvements"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("nieuw/", views.PlanCreateView.as_view(), name="plan-create"),
    path("acties/", views.ActionListView.as_view(), name="action-list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/wijzigen/", views.PlanUpdateView.as_view(), name="plan-update"),
    path("<int:pk>/stap/", views.PlanTransitionView.as_view(), name="plan-transition"),
    path("<int:pk>/acties/nieuw/", views.ActionCreateView.as_view(), name="action-create"),
    path("acties/<int:pk>/wijzigen/", views.ActionUpdateView.as_view(), name="action-update"),
    path("acties/<int:pk>/voortgang/", views.ActionStatusView.as_view(), name="action-status"),
]
