from rest_framework import viewsets
from rest_framework.generics import RetrieveAPIView

from wijkteam.accounts.api.serializers import MeSerializer, StaffSerializer
from wijkteam.accounts.models import User


class StaffViewSet(viewsets.ReadOnlyModelViewSet):
    """Staff visible to the caller: own teams, or everyone for beheer, kwaliteit, bestuur."""

    serializer_class = StaffSerializer
    required_permissions = {
        "list": ("accounts.view_user",),
        "retrieve": ("accounts.view_user",),
    }

    def get_queryset(self):
        return (
            User.objects.visible_for(self.request.user)
            .prefetch_related("groups", "memberships")
            .order_by("last_name", "first_name", "id")
        )


class MeView(RetrieveAPIView):
    """The signed-in user, their roles and permissions."""

    serializer_class = MeSerializer
    required_permissions = {"get": ()}

    def get_object(self):
        return self.request.user
