from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import APIRootView
from rest_framework.throttling import AnonRateThrottle

from wijkteam.accounts import services, twofactor
from wijkteam.core.middleware import otp_not_required


class ApiRootView(APIRootView):
    required_permissions = {"get": ()}


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema; readable by every signed-in user."""

    required_permissions = {"get": ()}


class SwaggerView(SpectacularSwaggerSplitView):
    required_permissions = {"get": ()}


class TokenRequestSerializer(AuthTokenSerializer):
    # Bounded before authentication: an over-long name would reach the lockout table
    # (255 characters) and fail there instead of being refused here.
    username = serializers.CharField(
        label=gettext_lazy("Username"), write_only=True, max_length=150
    )
    otp_token = serializers.CharField(
        max_length=64,
        label=gettext_lazy("Code"),
        write_only=True,
        help_text=gettext_lazy(
            "The current 6-digit code of the user's authenticator app, or a recovery code."
        ),
    )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(otp_not_required, name="dispatch")
class TokenView(ObtainAuthToken):
    """Exchange user name, password and a two-step verification code for an API token.

    Rate limited; a wrong code is logged and counts towards the sign-in lockout, as on the
    web's second step. An account without an authenticator sets one up on the web first.
    """

    permission_classes = ()
    throttle_classes = (AnonRateThrottle,)
    required_permissions = {"post": ()}
    serializer_class = TokenRequestSerializer

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if not twofactor.is_enrolled(user):
            raise ValidationError(
                {
                    "otp_token": [
                        _(
                            "Set up two-step verification first by signing in to the web "
                            "application; then ask for a token with a code."
                        )
                    ]
                }
            )
        result = services.verify_second_factor(
            user=user, code=serializer.validated_data["otp_token"], request=request
        )
        if not result.ok:
            raise ValidationError({"otp_token": [twofactor.refusal_message(result)]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
