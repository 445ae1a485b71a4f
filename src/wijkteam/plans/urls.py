from django.urls import path

from wijkteam.plans import views

app_name = "plans"
urlpatterns = [
    path("nieuw/", views.PlanCreateView.as_view(), name="plan-create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/wijzigen/", views.PlanUpdateView.as_view(), name="plan-update"),
    path("<int:pk>/doelen/nieuw/", views.GoalCreateView.as_view(), name="goal-create"),
    path("doelen/<int:pk>/wijzigen/", views.GoalUpdateView.as_view(), name="goal-update"),
    path("doelen/<int:pk>/evalueren/", views.GoalEvaluateView.as_view(), name="goal-evaluate"),
    path("doelen/<int:pk>/acties/nieuw/", views.ActionCreateView.as_view(), name="action-create"),
    path("voortgang/", views.ProgressReportView.as_view(), name="progress-report"),
    path("leefgebieden/", views.LifeDomainListView.as_view(), name="life-domain-list"),
    path("leefgebieden/nieuw/", views.LifeDomainCreateView.as_view(), name="life-domain-create"),
    path(
        "leefgebieden/<int:pk>/wijzigen/",
        views.LifeDomainUpdateView.as_view(),
        name="life-domain-update",
    ),
    path("leeftijdsgroepen/", views.AgeBandListView.as_view(), name="age-band-list"),
    path("leeftijdsgroepen/nieuw/", views.AgeBandCreateView.as_view(), name="age-band-create"),
    path(
        "leeftijdsgroepen/<int:pk>/wijzigen/",
        views.AgeBandUpdateView.as_view(),
        name="age-band-update",
    ),
]
