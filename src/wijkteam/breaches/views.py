"""Pages of the data-breach register. Every breach is fetched through ``visible_for`` (out of
scope: 404); writes go through ``breaches/services.py``. A breach names no resident, so these
pages write no access-log entries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, TemplateView

from wijkteam.breaches import services, workflow
from wijkteam.breaches.deadlines import REMINDER_HOURS_BEFORE
from wijkteam.breaches.forms import (
    BreachFilterForm,
    BreachReportForm,
    BreachTransitionForm,
    BreachUpdateForm,
)
from wijkteam.breaches.models import DataBreach
from wijkteam.core.views import DeclaredPermissionMixin, VersionedSaveMixin, add_service_error


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


class BreachListView(DeclaredPermissionMixin, ListView):
    """The register as far as the user may see it: all (handlers), the own teams' (managers)
    or the breaches the user reported or discovered."""

    permission_required = ("breaches.view_databreach",)
    template_name = "breaches/breach_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = BreachFilterForm(self.request.GET or None)
        qs = (
            DataBreach.objects.visible_for(self.request.user)
            .select_related("team", "reported_by")
            .order_by("-discovered_at", "-id")
        )
        return self.filter_form.filter(qs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        ctx["now"] = timezone.now()
        ctx["page_title"] = _("Data breaches")
        ctx["can_see_overdue"] = self.request.user.has_perm("breaches.change_databreach")
        return ctx


class BreachOverdueView(DeclaredPermissionMixin, TemplateView):
    """For the handlers: breaches whose AP deadline passed without a decision, and those
    whose deadline ends within 24 hours."""

    permission_required = ("breaches.change_databreach",)
    template_name = "breaches/breach_overdue.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        now = timezone.now()
        visible = DataBreach.objects.visible_for(self.request.user).select_related(
            "team", "reported_by"
        )
        ctx["now"] = now
        ctx["overdue"] = visible.overdue(now).order_by("ap_deadline", "id")
        ctx["due_soon"] = visible.due_within(REMINDER_HOURS_BEFORE, now).order_by(
            "ap_deadline", "id"
        )
        return ctx


class BreachCreateView(DeclaredPermissionMixin, CreateView):
    permission_required = ("breaches.add_databreach",)
    form_class = BreachReportForm
    template_name = "components/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Report a data breach")
        ctx["intro"] = _(
            "Report every breach at once, also when you are not sure: the privacy staff must "
            "decide within 72 hours of the discovery whether to notify the Autoriteit "
            "Persoonsgegevens. Do not write residents' names or other personal data here."
        )
        ctx["submit_label"] = _("Report the breach")
        ctx["cancel_url"] = reverse("breaches:breach-list")
        return ctx

    def form_valid(self, form):
        breach = form.save(commit=False)
        try:
            services.report_breach(actor=self.request.user, breach=breach)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The data breach has been reported. The privacy staff have been informed."),
        )
        return redirect(breach.get_absolute_url())


class BreachMixin:
    @cached_property
    def breach(self) -> DataBreach:
        return get_object_or_404(
            DataBreach.objects.visible_for(self.request.user).select_related(
                "team", "reported_by", "discovered_by", "assessed_by"
            ),
            pk=self.kwargs["pk"],
        )


class BreachDetailView(DeclaredPermissionMixin, BreachMixin, TemplateView):
    permission_required = ("breaches.view_databreach",)
    template_name = "breaches/breach_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        breach = self.breach
        can_handle = user.has_perm("breaches.change_databreach")
        ctx.update(
            breach=breach,
            now=timezone.now(),
            transitions=breach.transitions.select_related("actor").order_by("at", "id"),
            next_steps=[
                (state, workflow.action_label(breach.state, state))
                for state in services.next_steps(breach)
            ]
            if can_handle
            else [],
            can_edit=can_handle and breach.state != workflow.BreachState.CLOSED,
            can_add_plan=user.has_perm("improvements.add_improvementplan"),
            origin=f"breaches.databreach:{breach.pk}",
            improvement_plans=_plans_for(breach, user),
        )
        return ctx


def _plans_for(breach, user):
    """Improvement plans that came from this breach and the user may see."""
    from wijkteam.improvements.models import ImprovementPlan

    return list(ImprovementPlan.objects.visible_for(user).from_origin(breach).order_by("pk"))


class BreachUpdateView(DeclaredPermissionMixin, BreachMixin, VersionedSaveMixin, FormView):
    permission_required = ("breaches.change_databreach",)
    form_class = BreachUpdateForm
    template_name = "components/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.breach, "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit %(breach)s") % {"breach": self.breach}
        ctx["intro"] = _(
            "The moment of discovery cannot be changed: the AP deadline was computed from it."
        )
        ctx["cancel_url"] = self.breach.get_absolute_url()
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_breach(
            actor=self.request.user, breach=form.instance, expected_version=expected_version
        )

    def get_success_url(self):
        return self.breach.get_absolute_url()


class BreachTransitionView(DeclaredPermissionMixin, BreachMixin, FormView):
    """One step of the workflow; ``?to=<state>`` chooses it (the page lists the steps without)."""

    permission_required = ("breaches.change_databreach",)
    form_class = BreachTransitionForm
    template_name = "breaches/breach_transition.html"

    @cached_property
    def target(self) -> str | None:
        wanted = self.request.GET.get("to") or self.request.POST.get("to")
        return wanted if wanted in workflow.allowed_targets(self.breach.state) else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "breach": self.breach, "to": self.target or ""}

    def get_form(self, form_class=None):
        if self.target is None:
            return None
        return super().get_form(form_class)

    def post(self, request, *args, **kwargs):
        if self.target is None:
            messages.error(request, _("Choose one of the possible steps."))
            return redirect(reverse("breaches:breach-transition", args=[self.breach.pk]))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        breach = self.breach
        ctx["breach"] = breach
        ctx["target"] = self.target
        ctx["steps"] = [
            (state, workflow.action_label(breach.state, state))
            for state in services.next_steps(breach)
        ]
        ctx["page_title"] = (
            workflow.action_label(breach.state, self.target)
            if self.target
            else _("Next step for %(breach)s") % {"breach": breach}
        )
        ctx["cancel_url"] = breach.get_absolute_url()
        return ctx

    def form_valid(self, form):
        try:
            breach = services.transition_breach(
                self.breach,
                self.target,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The data breach is now “%(state)s”.") % {"state": breach.get_state_display()},
        )
        return redirect(breach.get_absolute_url())
