from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import APIRootView
from rest_framework.throttling import AnonRateThrottle


class ApiRootView(APIRootView):
    required_permissions = {"get": ()}


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema; readable by every signed-in user."""

    required_permissions = {"get": ()}


class SwaggerView(SpectacularSwaggerSplitView):
    required_permissions = {"get": ()}


@method_decorator(login_not_required, name="dispatch")
class TokenView(ObtainAuthToken):
    """Exchange user name and password for an API token (rate limited)."""

    permission_classes = ()
    throttle_classes = (AnonRateThrottle,)
    required_permissions = {"post": ()}
