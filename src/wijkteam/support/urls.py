from django.urls import path

from wijkteam.support import views

app_name = "support"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("nieuw/", views.CaseCreateView.as_view(), name="case-create"),
    path("termijnen/", views.DueListView.as_view(), name="due-list"),
    path("caseload/", views.CaseloadView.as_view(), name="caseload"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/status/", views.CaseTransitionView.as_view(), name="case-transition"),
    path("<int:pk>/contacten/nieuw/", views.ContactCreateView.as_view(), name="contact-create"),
    path(
        "<int:pk>/gesprekken/nieuw/",
        views.ConversationCreateView.as_view(),
        name="conversation-create",
    ),
    path(
        "<int:pk>/verwijzingen/nieuw/", views.ReferralCreateView.as_view(), name="referral-create"
    ),
    path("verwijzingen/<int:pk>/", views.ReferralUpdateView.as_view(), name="referral-update"),
]
