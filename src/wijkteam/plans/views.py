"""Pages of support plans: the plan of a case, goals, evaluations, actions; life-domain and
age-band master data; the progress report (aggregates only).

Every page that shows a resident's plan fetches through ``visible_for`` (out of scope: 404)
and writes the access log for the case's resident.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, TemplateView

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.views import (
    AccessLoggedDetailMixin,
    DeclaredPermissionMixin,
    VersionedSaveMixin,
    add_service_error,
)
from wijkteam.dashboard.aggregates import consented_only_for, suppress
from wijkteam.organisation.views import (
    MasterDataCreateView,
    MasterDataListView,
    MasterDataUpdateView,
)
from wijkteam.plans import forms, services
from wijkteam.plans.choices import SCORE_DESCRIPTIONS, SelfRelianceScore
from wijkteam.plans.models import Action, AgeBand, Goal, GoalEvaluation, LifeDomain, SupportPlan
from wijkteam.plans.reports import Period, progress_by_life_domain
from wijkteam.support.models import SupportCase


def plan_url(plan_id, goal_id=None) -> str:
    url = reverse("plans:plan-detail", args=[plan_id])
    return f"{url}#goal-{goal_id}" if goal_id else url


class PlanAccessMixin:
    """Write one access-log entry for the resident whose plan the page shows."""

    access_context = ""

    def log_plan_access(self, resident_id) -> None:
        record_access(
            user=self.request.user,
            resident_ids=[resident_id],
            action=AccessAction.VIEW,
            context=str(self.access_context),
            request=self.request,
        )


# --- The plan ---------------------------------------------------------------------------------


class PlanDetailView(DeclaredPermissionMixin, AccessLoggedDetailMixin, DetailView):
    """The plan of a case: goals grouped by life domain, scores, actions, evaluation history."""

    permission_required = ("plans.view_supportplan",)
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"
    access_context = gettext_lazy("Support plan")

    def resident_ids_for_log(self, obj):
        return [obj.case.resident_id]

    def get_queryset(self):
        goals = Goal.objects.select_related("life_domain").prefetch_related(
            Prefetch(
                "evaluations",
                queryset=GoalEvaluation.objects.select_related("evaluated_by").order_by(
                    "-evaluated_on", "-id"
                ),
            ),
            Prefetch("actions", queryset=Action.objects.order_by("done_on", "due_on", "id")),
        )
        return (
            SupportPlan.objects.visible_for(self.request.user)
            .select_related(
                "case__resident", "case__household", "case__team", "breakthrough_specialist"
            )
            .prefetch_related(
                "workers",
                Prefetch(
                    "goals",
                    queryset=goals.order_by(
                        "life_domain__sort_order", "life_domain__name", "started_on", "id"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        groups: list[dict] = []
        for goal in self.object.goals.all():
            if not groups or groups[-1]["domain"].pk != goal.life_domain_id:
                groups.append({"domain": goal.life_domain, "goals": []})
            groups[-1]["goals"].append(goal)
        ctx["domain_groups"] = groups
        ctx["today"] = timezone.localdate()
        ctx["can_change"] = user.has_perm("plans.change_supportplan")
        ctx["can_add_goal"] = user.has_perm("plans.add_goal")
        ctx["can_change_goal"] = user.has_perm("plans.change_goal")
        ctx["can_evaluate"] = user.has_perm("plans.add_goalevaluation")
        ctx["can_add_action"] = user.has_perm("plans.add_action")
        return ctx


class PlanCreateView(DeclaredPermissionMixin, PlanAccessMixin, CreateView):
    """``?case=<id>``: a new plan for that case; without a case, choose a resident first."""

    permission_required = ("plans.add_supportplan",)
    form_class = forms.SupportPlanForm
    template_name = "components/form_page.html"
    access_context = gettext_lazy("New support plan")

    @cached_property
    def case(self):
        raw = self.request.GET.get("case", "")
        if not raw.isdigit():
            return None
        return get_object_or_404(
            SupportCase.objects.visible_for(self.request.user).select_related("resident"),
            pk=int(raw),
        )

    def dispatch_for_case(self):
        if self.case is None:
            messages.info(self.request, _("Open a resident's support case to make a plan for it."))
            return redirect("residents:resident-list")
        existing = SupportPlan.objects.filter(case=self.case).values_list("pk", flat=True).first()
        if existing is not None:
            messages.info(self.request, _("This support case already has a support plan."))
            return redirect("plans:plan-detail", pk=existing)
        return None

    def get(self, request, *args, **kwargs):
        return self.dispatch_for_case() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.dispatch_for_case() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = SupportPlan(case=self.case)
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        return {"workers": [self.request.user.pk]}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        self.log_plan_access(self.case.resident_id)
        ctx["page_title"] = _("New support plan for %(name)s") % {
            "name": self.case.resident.full_name
        }
        ctx["cancel_url"] = reverse("residents:resident-detail", args=[self.case.resident_id])
        return ctx

    def form_valid(self, form):
        plan = form.save(commit=False)
        try:
            services.create_plan(
                actor=self.request.user, plan=plan, workers=form.cleaned_data["workers"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The support plan has been created."))
        return redirect("plans:plan-detail", pk=plan.pk)


class PlanUpdateView(DeclaredPermissionMixin, PlanAccessMixin, VersionedSaveMixin, FormView):
    """Edit the perspective, risks, workers and breakthrough; a concurrent save is refused."""

    permission_required = ("plans.change_supportplan",)
    form_class = forms.SupportPlanForm
    template_name = "components/form_page.html"
    access_context = gettext_lazy("Support plan edit form")

    @cached_property
    def plan(self):
        return get_object_or_404(
            SupportPlan.objects.visible_for(self.request.user).select_related("case__resident"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan, "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        self.log_plan_access(self.plan.case.resident_id)
        ctx["page_title"] = _("Edit the support plan of %(name)s") % {
            "name": self.plan.case.resident.full_name
        }
        ctx["cancel_url"] = plan_url(self.plan.pk)
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_plan(
            actor=self.request.user,
            plan=form.instance,
            expected_version=expected_version,
            workers=form.cleaned_data["workers"],
        )

    def get_success_url(self):
        return plan_url(self.plan.pk)


# --- Goals, evaluations, actions ------------------------------------------------------------------


class PlanChildFormView(DeclaredPermissionMixin, PlanAccessMixin, FormView):
    """A form about one goal or plan, fetched through the scoped QuerySet (404 out of scope)."""

    template_name = "components/form_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        self.log_plan_access(self.plan.case.resident_id)
        ctx["cancel_url"] = plan_url(self.plan.pk, getattr(self, "goal_id", None))
        return ctx


class GoalCreateView(PlanChildFormView):
    permission_required = ("plans.add_goal",)
    form_class = forms.GoalForm
    access_context = gettext_lazy("New goal form")

    @cached_property
    def plan(self):
        return get_object_or_404(
            SupportPlan.objects.visible_for(self.request.user).select_related("case__resident"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Goal(plan=self.plan)}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("New goal for %(name)s") % {"name": self.plan.case.resident.full_name}
        return ctx

    def form_valid(self, form):
        goal = form.save(commit=False)
        try:
            services.add_goal(actor=self.request.user, goal=goal)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The goal has been added."))
        return redirect(plan_url(self.plan.pk, goal.pk))


class GoalMixin:
    @cached_property
    def goal(self):
        return get_object_or_404(
            Goal.objects.visible_for(self.request.user).select_related(
                "plan__case__resident", "life_domain"
            ),
            pk=self.kwargs["pk"],
        )

    @property
    def goal_id(self):
        return self.goal.pk

    @property
    def plan(self):
        return self.goal.plan


class GoalUpdateView(GoalMixin, VersionedSaveMixin, PlanChildFormView):
    permission_required = ("plans.change_goal",)
    form_class = forms.GoalForm
    access_context = gettext_lazy("Goal edit form")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.goal}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit goal “%(goal)s”") % {"goal": self.goal.title}
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_goal(
            actor=self.request.user, goal=form.instance, expected_version=expected_version
        )

    def get_success_url(self):
        return plan_url(self.plan.pk, self.goal.pk)


class GoalEvaluateView(GoalMixin, PlanChildFormView):
    """Evaluate a goal: date, status, score 1-5 (radio buttons with the scale), result."""

    permission_required = ("plans.add_goalevaluation",)
    form_class = forms.EvaluationForm
    template_name = "plans/goal_evaluate.html"
    access_context = gettext_lazy("Goal evaluation form")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "goal": self.goal}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Evaluate “%(goal)s”") % {"goal": self.goal.title}
        ctx["goal"] = self.goal
        ctx["evaluations"] = self.goal.evaluations.select_related("evaluated_by").order_by(
            "-evaluated_on", "-id"
        )
        ctx["scale"] = [
            (value, label, SCORE_DESCRIPTIONS[value]) for value, label in SelfRelianceScore.choices
        ]
        return ctx

    def form_valid(self, form):
        try:
            services.evaluate_goal(actor=self.request.user, goal=self.goal, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The evaluation has been recorded."))
        return redirect(plan_url(self.plan.pk, self.goal.pk))


class ActionCreateView(GoalMixin, PlanChildFormView):
    permission_required = ("plans.add_action",)
    form_class = forms.ActionForm
    access_context = gettext_lazy("New action form")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Action(goal=self.goal)}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("New action for “%(goal)s”") % {"goal": self.goal.title}
        ctx["intro"] = _("Who does what, by when?")
        return ctx

    def form_valid(self, form):
        action = form.save(commit=False)
        try:
            services.add_action(actor=self.request.user, action=action)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The action has been added."))
        return redirect(plan_url(self.plan.pk, self.goal.pk))


# --- Master data ------------------------------------------------------------------------------


class LifeDomainListView(MasterDataListView):
    change_permission = "plans.change_lifedomain"
    permission_required = ("plans.view_lifedomain",)
    template_name = "plans/life_domain_list.html"

    def get_queryset(self):
        return LifeDomain.objects.visible_for(self.request.user).order_by("sort_order", "name")


class LifeDomainCreateView(MasterDataCreateView):
    permission_required = ("plans.add_lifedomain",)
    model = LifeDomain
    form_class = forms.LifeDomainForm
    list_url = "plans:life-domain-list"
    page_title = gettext_lazy("New life domain")


class LifeDomainUpdateView(MasterDataUpdateView):
    permission_required = ("plans.change_lifedomain",)
    model = LifeDomain
    form_class = forms.LifeDomainForm
    list_url = "plans:life-domain-list"


class AgeBandListView(MasterDataListView):
    change_permission = "plans.change_ageband"
    permission_required = ("plans.view_ageband",)
    template_name = "plans/age_band_list.html"

    def get_queryset(self):
        return AgeBand.objects.visible_for(self.request.user).order_by("min_age", "label")


class AgeBandCreateView(MasterDataCreateView):
    permission_required = ("plans.add_ageband",)
    model = AgeBand
    form_class = forms.AgeBandForm
    list_url = "plans:age-band-list"
    page_title = gettext_lazy("New age band")


class AgeBandUpdateView(MasterDataUpdateView):
    permission_required = ("plans.change_ageband",)
    model = AgeBand
    form_class = forms.AgeBandForm
    list_url = "plans:age-band-list"


# --- Report -----------------------------------------------------------------------------------


def displayed(rows):
    """Suppress small numbers: counts below the threshold, and averages over so few residents."""
    shown = []
    for row in rows:
        residents = suppress(row.label, row.residents)
        hide = residents.suppressed
        shown.append(
            {
                "label": row.label,
                "life_domain": row.life_domain,
                "age_band": row.age_band,
                "goals": suppress(row.label, row.goals),
                "residents": residents,
                "improved": suppress(row.label, row.improved),
                "avg_start": None if hide else row.avg_start,
                "avg_latest": None if hide else row.avg_latest,
                "change": None if hide else row.change,
            }
        )
    return shown


class ProgressReportView(DeclaredPermissionMixin, TemplateView):
    """Progress per life domain, age band and team: aggregates only, small numbers hidden."""

    permission_required = ("dashboard.view_aggregates",)
    template_name = "plans/progress_report.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        default = Period.year_to_date()
        form = forms.ProgressReportForm(
            self.request.GET or None,
            initial={"date_from": default.start, "date_to": default.end},
        )
        period, team_ids, team = default, None, None
        if form.is_valid():
            period = Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
            team = form.cleaned_data["team"]
            team_ids = [team.pk] if team else None
        consented_only = consented_only_for(self.request.user)
        report = progress_by_life_domain(
            team_ids=team_ids, period=period, consented_only=consented_only
        )
        ctx.update(
            consented_only=consented_only,
            form=form,
            report=report,
            team=team,
            by_life_domain=displayed(report.by_life_domain),
            by_age_band=displayed(report.by_age_band),
            by_team=displayed(report.by_team),
            by_life_domain_and_age_band=displayed(report.by_life_domain_and_age_band),
            scale=SelfRelianceScore.choices,
        )
        return ctx
