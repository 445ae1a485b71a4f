from django.urls import path

from wijkteam.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident-list"),
    path("melden/", views.IncidentCreateView.as_view(), name="incident-create"),
    path("termijnen/", views.DeadlineListView.as_view(), name="deadline-list"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="incident-detail"),
    path("<int:pk>/wijzigen/", views.IncidentUpdateView.as_view(), name="incident-update"),
    path("<int:pk>/nazorg/", views.IncidentTransitionView.as_view(), name="incident-transition"),
    path("<int:pk>/acties/nieuw/", views.FollowUpCreateView.as_view(), name="followup-create"),
    path(
        "acties/<int:pk>/afronden/", views.FollowUpCompleteView.as_view(), name="followup-complete"
    ),
    path("<int:pk>/calamiteit/signaleren/", views.CalamityFlagView.as_view(), name="calamity-flag"),
    path(
        "<int:pk>/calamiteit/besluit/", views.CalamityDecideView.as_view(), name="calamity-decide"
    ),
    path(
        "<int:pk>/calamiteit/melding/", views.CalamityReportView.as_view(), name="calamity-report"
    ),
    path("<int:pk>/meer-zorg/nieuw/", views.CareNeedCreateView.as_view(), name="careneed-create"),
    path("meer-zorg/<int:pk>/", views.CareNeedUpdateView.as_view(), name="careneed-update"),
]
