from rest_framework import viewsets

from wijkteam.api.mixins import require_version
from wijkteam.organisation import services
from wijkteam.organisation.api import serializers


def _master_data_permissions(model_name: str) -> dict:
    read = (f"organisation.view_{model_name}",)
    return {
        "list": read,
        "retrieve": read,
        "create": (f"organisation.add_{model_name}",),
        "update": (f"organisation.change_{model_name}",),
        "partial_update": (f"organisation.change_{model_name}",),
    }


class MasterDataViewSet(viewsets.ModelViewSet):
    """Read for every staff role; writes (with version check) for functioneel beheer."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.visible_for(self.request.user)

    def perform_create(self, serializer):
        m2m = {
            f.name: serializer.validated_data.pop(f.name)
            for f in serializer.Meta.model._meta.many_to_many
            if f.name in serializer.validated_data
        }
        instance = serializer.Meta.model(**serializer.validated_data)
        services.create_master_data(actor=self.request.user, instance=instance)
        for name, value in m2m.items():
            getattr(instance, name).set(value)
        serializer.instance = instance

    def perform_update(self, serializer):
        expected = self.request.data.get("version")
        instance = serializer.instance
        m2m = {}
        for name, value in serializer.validated_data.items():
            if name in {f.name for f in instance._meta.many_to_many}:
                m2m[name] = value
            else:
                setattr(instance, name, value)
        services.update_master_data(
            actor=self.request.user,
            instance=instance,
            expected_version=require_version(expected),
        )
        for name, value in m2m.items():
            getattr(instance, name).set(value)


class AreaViewSet(MasterDataViewSet):
    serializer_class = serializers.AreaSerializer
    required_permissions = _master_data_permissions("area")


class TeamViewSet(MasterDataViewSet):
    serializer_class = serializers.TeamSerializer
    required_permissions = _master_data_permissions("team")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("areas", "predecessors")


class LocationViewSet(MasterDataViewSet):
    serializer_class = serializers.LocationSerializer
    required_permissions = _master_data_permissions("location")


class StaffFunctionViewSet(MasterDataViewSet):
    serializer_class = serializers.StaffFunctionSerializer
    required_permissions = _master_data_permissions("stafffunction")
