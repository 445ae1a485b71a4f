from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from wijkteam.core.models import AccessLogEntry, AuthEvent, AuthEventKind
from wijkteam.core.views import DeclaredPermissionMixin
from wijkteam.dashboard import aggregates
from wijkteam.organisation.models import Area, Location, Team
from wijkteam.residents.forms import ResidentSearchForm
from wijkteam.residents.models import Resident
from wijkteam.support.models import SupportCase


class HomeView(DeclaredPermissionMixin, TemplateView):
    """One start page; its panels follow the user's permissions, so each role sees its own."""

    permission_required = ()
    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        if user.has_perm("residents.view_resident"):
            teams = Team.objects.filter(pk__in=user.active_team_ids()).order_by("name")
            cases = SupportCase.objects.visible_for(user).aggregate(
                open=Count("id", filter=Q(closed_on__isnull=True)),
                mine=Count("id", filter=Q(closed_on__isnull=True, coordinator=user)),
            )
            ctx["casework"] = {
                "teams": teams,
                "residents": Resident.objects.visible_for(user).count(),
                "open_cases": cases["open"],
                "my_open_cases": cases["mine"],
                "search_form": ResidentSearchForm(),
            }
        if user.has_perm("dashboard.view_aggregates"):
            consented_only = aggregates.consented_only_for(user)
            ctx["aggregates"] = {
                "consented_only": consented_only,
                "open_cases_per_team": aggregates.open_cases_per_team(today, consented_only),
                "cases_per_framework": aggregates.cases_per_framework(consented_only),
            }
            if user.has_perm("accounts.view_all_staff") or user.has_perm("residents.view_resident"):
                ctx["aggregates"]["fte_per_function"] = aggregates.fte_per_function()
        if user.has_perm("core.view_accesslogentry"):
            since = timezone.now() - timezone.timedelta(days=1)
            ctx["logs"] = {
                "access_24h": AccessLogEntry.objects.filter(at__gte=since).count(),
                "failed_24h": AuthEvent.objects.filter(
                    at__gte=since, kind=AuthEventKind.LOGIN_FAILED
                ).count(),
            }
        if user.has_perm("organisation.change_team"):
            ctx["master_data"] = {
                "teams": Team.objects.active().count(),
                "areas": Area.objects.active().count(),
                "locations": Location.objects.active().count(),
            }
        return ctx
