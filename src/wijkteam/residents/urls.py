from django.urls import path

from wijkteam.residents import views

app_name = "residents"
urlpatterns = [
    path("", views.ResidentListView.as_view(), name="resident-list"),
    path("nieuw/", views.ResidentCreateView.as_view(), name="resident-create"),
    path("<int:pk>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("<int:pk>/wijzigen/", views.ResidentUpdateView.as_view(), name="resident-update"),
    path("<int:pk>/delen/", views.ResidentShareView.as_view(), name="resident-share"),
    path(
        "<int:pk>/toestemmingen/nieuw/",
        views.ConsentCreateView.as_view(),
        name="consent-create",
    ),
    path(
        "<int:pk>/huishouden/nieuw/", views.HouseholdCreateView.as_view(), name="household-create"
    ),
    path("huishoudens/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path(
        "huishoudens/<int:pk>/tijdlijn/",
        views.HouseholdTimelineView.as_view(),
        name="household-timeline",
    ),
    path("<int:pk>/tijdlijn/", views.TimelineView.as_view(), name="resident-timeline"),
    path(
        "huishoudens/<int:pk>/wijzigen/",
        views.HouseholdUpdateView.as_view(),
        name="household-update",
    ),
    path(
        "huishoudens/<int:pk>/leden/nieuw/",
        views.HouseholdMemberAddView.as_view(),
        name="household-member-add",
    ),
    path(
        "toestemmingen/<int:pk>/intrekken/",
        views.ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
]
