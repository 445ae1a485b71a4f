"""Shared view building blocks: declared permissions, scoped querysets, access logging."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction


class DeclaredPermissionMixin(PermissionRequiredMixin):
    """Every page declares ``permission_required``; an empty tuple means any signed-in user.

    A signed-in user without the permission gets 403; anonymous users are sent to the login
    page by LoginRequiredMiddleware before they get here.
    """

    raise_exception = True


class ScopedQuerysetMixin:
    """Fetch through ``Model.objects.visible_for(user)`` so out-of-scope objects are a 404."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_for(self.request.user)


class AccessLoggedDetailMixin:
    """Write one access-log entry for the resident(s) a detail page shows."""

    access_context = ""

    def resident_ids_for_log(self, obj) -> list[int]:
        return [obj.pk]

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        record_access(
            user=self.request.user,
            resident_ids=self.resident_ids_for_log(obj),
            action=AccessAction.VIEW,
            context=self.access_context or self.request.resolver_match.view_name,
            request=self.request,
        )
        return obj


class HealthView(TemplateView):
    """Liveness probe for load balancers; no data, no session."""

    def get(self, request, *args, **kwargs):
        return HttpResponse(_("ok"), content_type="text/plain")
