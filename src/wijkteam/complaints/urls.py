from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="complaint-list"),
    path("nieuw/", views.ComplaintCreateView.as_view(), name="complaint-create"),
    path("termijnen/", views.ComplaintDueView.as_view(), name="complaint-due"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint-detail"),
    path("<int:pk>/wijzigen/", views.ComplaintUpdateView.as_view(), name="complaint-update"),
    path("<int:pk>/stap/", views.ComplaintTransitionView.as_view(), name="complaint-transition"),
    path("<int:pk>/verlengen/", views.ComplaintExtendView.as_view(), name="complaint-extend"),
    path("<int:pk>/behandelaar/", views.ComplaintHandlingView.as_view(), name="complaint-handling"),
    # The public form for residents: no account (docs/permissions/complaints.md).
    path(
        "indienen/",
        login_not_required(views.PublicComplaintView.as_view()),
        name="complaint-public",
    ),
    path(
        "indienen/ontvangen/",
        login_not_required(views.PublicComplaintThanksView.as_view()),
        name="complaint-public-thanks",
    ),
    path("categorieen/", views.CategoryListView.as_view(), name="category-list"),
    path("categorieen/nieuw/", views.CategoryCreateView.as_view(), name="category-create"),
    path(
        "categorieen/<int:pk>/wijzigen/",
        views.CategoryUpdateView.as_view(),
        name="category-update",
    ),
]
