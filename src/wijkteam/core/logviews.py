"""Search pages for the audit trail, the access log and sign-in events."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.views.generic import ListView

from auditlog.models import LogEntry

from wijkteam.core.forms import LogFilterForm
from wijkteam.core.models import AccessLogEntry, AuthEvent
from wijkteam.core.views import DeclaredPermissionMixin
from wijkteam.residents.models import Resident


class LogSearchMixin(DeclaredPermissionMixin):
    paginate_by = 50
    section = ""
    time_field = "at"
    person_field = "user__username"

    def filter_resident(self, qs, resident_id):
        return qs.filter(resident_id=resident_id)

    def get_queryset(self):
        self.filter_form = LogFilterForm(self.request.GET or None)
        qs = self.base_queryset()
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["person"]:
                qs = qs.filter(**{self.person_field: data["person"]})
            if data["resident"]:
                qs = self.filter_resident(qs, data["resident"])
            lower, upper = self.filter_form.period_bounds()
            if lower:
                qs = qs.filter(**{f"{self.time_field}__gte": lower})
            if upper:
                qs = qs.filter(**{f"{self.time_field}__lt": upper})
        elif self.filter_form.is_bound:
            qs = qs.none()
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["section"] = self.section
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx["querystring_without_page"] = params.urlencode() + "&" if params else ""
        return ctx


class AuditTrailView(LogSearchMixin, ListView):
    permission_required = ("core.view_audit_trail",)
    template_name = "core/audit_trail.html"
    section = "audit"
    time_field = "timestamp"
    person_field = "actor__username"

    def base_queryset(self):
        return LogEntry.objects.select_related("actor", "content_type").order_by(
            "-timestamp", "-id"
        )

    def filter_resident(self, qs, resident_id):
        ct = ContentType.objects.get_for_model(Resident)
        return qs.filter(content_type=ct, object_pk=str(resident_id))


class AccessLogView(LogSearchMixin, ListView):
    permission_required = ("core.view_accesslogentry",)
    template_name = "core/access_log.html"
    section = "access"

    def base_queryset(self):
        from wijkteam.oversight.models import BreakGlassGrant

        # Entries made under a break-the-glass grant link to it (same user, resident and time).
        grant = BreakGlassGrant.objects.covering(
            user=OuterRef("user"), resident=OuterRef("resident_id"), at=OuterRef("at")
        ).order_by("-granted_at")
        return (
            AccessLogEntry.objects.select_related("user")
            .annotate(break_glass_id=Subquery(grant.values("pk")[:1]))
            .order_by("-at", "-id")
        )


class AuthEventView(LogSearchMixin, ListView):
    permission_required = ("core.view_authevent",)
    template_name = "core/auth_events.html"
    section = "auth"
    person_field = "username"

    def base_queryset(self):
        return AuthEvent.objects.order_by("-at", "-id")

    def filter_resident(self, qs, resident_id):
        return qs.none()
