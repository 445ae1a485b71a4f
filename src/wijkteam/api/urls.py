"""The REST API under /api/v1/: one router for every app's viewsets."""

from importlib import import_module

from django.urls import path

from rest_framework.routers import DefaultRouter

from wijkteam.accounts.api.viewsets import MeView, StaffViewSet
from wijkteam.api.views import ApiRootView, SchemaView, SwaggerView, TokenView
from wijkteam.core.api.viewsets import AccessLogViewSet, AuditLogViewSet
from wijkteam.organisation.api.viewsets import (
    AreaViewSet,
    LocationViewSet,
    StaffFunctionViewSet,
    TeamViewSet,
)
from wijkteam.plans.api.viewsets import GoalViewSet, LifeDomainViewSet, SupportPlanViewSet
from wijkteam.residents.api.viewsets import (
    ConsentViewSet,
    HouseholdViewSet,
    ResidentViewSet,
)
from wijkteam.support.api.viewsets import (
    ContactViewSet,
    ConversationViewSet,
    ReferralViewSet,
    SupportCaseViewSet,
)

router = DefaultRouter()
router.APIRootView = ApiRootView
router.register("residents", ResidentViewSet, basename="resident")
router.register("cases", SupportCaseViewSet, basename="case")
router.register("contacts", ContactViewSet, basename="contact")
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("consents", ConsentViewSet, basename="consent")
router.register("households", HouseholdViewSet, basename="household")
router.register("teams", TeamViewSet, basename="team")
router.register("areas", AreaViewSet, basename="area")
router.register("locations", LocationViewSet, basename="location")
router.register("functions", StaffFunctionViewSet, basename="function")
router.register("staff", StaffViewSet, basename="staff")
router.register("access-log", AccessLogViewSet, basename="access-log")
router.register("audit-log", AuditLogViewSet, basename="audit-log")
router.register("plans", SupportPlanViewSet, basename="plan")
router.register("goals", GoalViewSet, basename="goal")
router.register("life-domains", LifeDomainViewSet, basename="life-domain")

# Apps that keep their routes in <app>/api/routes.py (ROUTES = [(prefix, viewset, basename)]).
ROUTE_MODULES = (
    "wijkteam.notifications.api.routes",
    "wijkteam.incidents.api.routes",
    "wijkteam.complaints.api.routes",
    "wijkteam.breaches.api.routes",
    "wijkteam.improvements.api.routes",
    "wijkteam.privacy.api.routes",
    "wijkteam.quality.api.routes",
    "wijkteam.oversight.api.routes",
)
for module_name in ROUTE_MODULES:
    for prefix, viewset, basename in import_module(module_name).ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
