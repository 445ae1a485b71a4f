"""The quality overview: figures per team and period, year-on-year, backlog of all registers.

Everyone with ``quality.view_quality_overview`` gets this page; only with
``quality.view_unsuppressed_figures`` (quality staff, teammanagers for their own teams) are
counts from 1 to ``SMALL_NUMBER_THRESHOLD - 1`` shown; the municipality and the board see
``<N``. No person is shown, so nothing is access-logged.
"""

from django.views.generic import TemplateView

from wijkteam.core.views import DeclaredPermissionMixin
from wijkteam.quality.forms import OverviewForm
from wijkteam.quality.reports import present, quality_figures


def figures_for(request):
    """(form, presented figures or None) for the request's GET parameters."""
    user = request.user
    form = OverviewForm(request.GET or None, user=user)
    if form.is_bound and not form.is_valid():
        return form, None
    if not form.is_bound:
        form = OverviewForm({"kind": "year"}, user=user)
        form.is_valid()
    figures = quality_figures(form.period(), form.teams())
    suppress = not user.has_perm("quality.view_unsuppressed_figures")
    return form, present(figures, suppress=suppress)


class OverviewView(DeclaredPermissionMixin, TemplateView):
    permission_required = ("quality.view_quality_overview",)
    template_name = "quality/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form, figures = figures_for(self.request)
        ctx["form"] = form
        ctx["figures"] = figures
        ctx["api_query"] = self.request.GET.urlencode()
        return ctx


class QualityHomeView(DeclaredPermissionMixin, TemplateView):
    """The registers of quality, safety and privacy this user works with."""

    permission_required = ()
    template_name = "quality/home.html"

    def get_context_data(self, **kwargs):
        from wijkteam.quality.hub import entries_for

        context = super().get_context_data(**kwargs)
        context["entries"] = entries_for(self.request.user)
        return context
