from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from wijkteam.core.views import HealthView

urlpatterns = [
    path("", include("wijkteam.dashboard.urls")),
    path("account/", include("wijkteam.accounts.urls")),
    path("organisatie/", include("wijkteam.organisation.urls")),
    path("inwoners/", include("wijkteam.residents.urls")),
    path("ondersteuning/", include("wijkteam.support.urls")),
    path("plannen/", include("wijkteam.plans.urls")),
    path("logboek/", include("wijkteam.core.urls")),
    path("meldingen/", include("wijkteam.notifications.urls")),
    path("incidenten/", include("wijkteam.incidents.urls")),
    path("klachten/", include("wijkteam.complaints.urls")),
    path("datalekken/", include("wijkteam.breaches.urls")),
    path("verbeterplannen/", include("wijkteam.improvements.urls")),
    path("privacy/", include("wijkteam.privacy.urls")),
    path("kwaliteit/", include("wijkteam.quality.urls")),
    path("toezicht/", include("wijkteam.oversight.urls")),
    path("api/v1/", include("wijkteam.api.urls")),
    path("health/", login_not_required(HealthView.as_view()), name="health"),
]
