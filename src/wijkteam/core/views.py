"""Shared view building blocks: declared permissions, scoped querysets, access logging."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction


class DeclaredPermissionMixin(PermissionRequiredMixin):
    """Every page declares ``permission_required``; an empty tuple means any signed-in user.

    A signed-in user without the permission gets 403; anonymous users are sent to the login
    page by LoginRequiredMiddleware before they get here.
    """

    raise_exception = True


def add_service_error(form, exc: ValidationError) -> None:
    """Show a service's errors on the form; errors of fields the form lacks go on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


class VersionedSaveMixin:
    """``form_valid`` for edit pages that save through a versioned service.

    The view implements ``save_versioned(form, expected_version)`` (calling its service) and
    ``get_success_url()``. A conflict or a broken rule becomes a form error and the user's
    input stays in the form; nothing is saved.
    """

    success_message = gettext_lazy("The changes have been saved.")

    def form_valid(self, form):
        try:
            self.save_versioned(form, form.cleaned_data["version"] or 0)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


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
