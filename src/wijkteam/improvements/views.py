"""Pages of improvement plans. Plans and actions are fetched through ``visible_for`` (out of
scope: 404); writes go through ``improvements/services.py``. A plan names no resident, so
these pages write no access-log entries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, TemplateView

from wijkteam.core.views import DeclaredPermissionMixin, VersionedSaveMixin, add_service_error
from wijkteam.improvements import services, workflow
from wijkteam.improvements.forms import (
    ActionForm,
    ActionStatusForm,
    PlanFilterForm,
    PlanForm,
    PlanTransitionForm,
)
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.origins import origin_link, resolve_origin, source_for, url_of


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


class PlanListView(DeclaredPermissionMixin, ListView):
    permission_required = ("improvements.view_improvementplan",)
    template_name = "improvements/plan_list.html"
    paginate_by = 25

    def get_queryset(self):
        today = timezone.localdate()
        self.filter_form = PlanFilterForm(self.request.GET or None)
        unfinished = Q(actions__status__in=("open", "in_progress"))
        qs = (
            ImprovementPlan.objects.visible_for(self.request.user)
            .select_related("responsible", "team")
            .annotate(
                action_count=Count("actions"),
                open_actions=Count("actions", filter=unfinished),
                overdue_actions=Count("actions", filter=unfinished & Q(actions__due_on__lt=today)),
            )
            .order_by("due_on", "id")
        )
        return self.filter_form.filter(qs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        ctx["today"] = timezone.localdate()
        return ctx


class ActionListView(DeclaredPermissionMixin, ListView):
    """The user's own unfinished actions, or (``?all=1``) every unfinished action the user
    may see, overdue first."""

    permission_required = ("improvements.view_improvementaction",)
    template_name = "improvements/action_list.html"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.show_all = self.request.GET.get("all") == "1"
        qs = ImprovementAction.objects.visible_for(user).unfinished()
        if not self.show_all:
            qs = qs.filter(owner=user)
        return qs.select_related("plan", "owner").order_by("due_on", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["show_all"] = self.show_all
        ctx["today"] = timezone.localdate()
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        return ctx


class PlanCreateView(DeclaredPermissionMixin, CreateView):
    """A new plan; ``?origin=incidents.incident:12`` makes it come from that record (which
    the user must be able to see: otherwise the page says so and offers nothing to save)."""

    permission_required = ("improvements.add_improvementplan",)
    form_class = PlanForm
    template_name = "improvements/plan_form.html"

    @cached_property
    def origin_raw(self) -> str:
        return (self.request.GET.get("origin") or "").strip()

    @cached_property
    def origin(self):
        if not self.origin_raw:
            return None
        return resolve_origin(self.origin_raw, self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perms(self.permission_required):
            try:
                self.origin  # noqa: B018 - resolve once, refuse a bad origin before anything
            except ValidationError as exc:
                return render(
                    request,
                    "improvements/origin_invalid.html",
                    {"message": exc.messages[0]},
                    status=404,
                )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        if self.origin is not None:
            initial["source"] = source_for(self.origin)
            team_id = getattr(self.origin, "team_id", None)
            if team_id:
                initial["team"] = team_id
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["origin"] = self.origin
        ctx["origin_kind"] = self.origin._meta.verbose_name if self.origin is not None else ""
        origin_url = url_of(self.origin) if self.origin is not None else ""
        ctx["cancel_url"] = origin_url or reverse("improvements:plan-list")
        return ctx

    def form_valid(self, form):
        plan = form.save(commit=False)
        try:
            services.create_plan(actor=self.request.user, plan=plan, origin=self.origin)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The improvement plan has been created."))
        return redirect(plan.get_absolute_url())


class PlanMixin:
    @cached_property
    def plan(self) -> ImprovementPlan:
        return get_object_or_404(
            ImprovementPlan.objects.visible_for(self.request.user).select_related(
                "responsible", "team", "created_by", "verified_by", "origin_content_type"
            ),
            pk=self.kwargs["pk"],
        )


class PlanDetailView(DeclaredPermissionMixin, PlanMixin, TemplateView):
    permission_required = ("improvements.view_improvementplan",)
    template_name = "improvements/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        plan = self.plan
        can_manage = user.has_perm("improvements.change_improvementplan")
        actions = list(plan.actions.select_related("owner").order_by("due_on", "id"))
        for action in actions:
            action.may_report = plan.is_active and services.may_set_status(user, action)
        ctx.update(
            plan=plan,
            today=timezone.localdate(),
            actions=actions,
            transitions=plan.transitions.select_related("actor").order_by("at", "id"),
            origin=origin_link(plan, user),
            next_steps=[
                (state, workflow.action_label(plan.state, state))
                for state in services.next_steps(plan, user)
            ]
            if can_manage
            else [],
            can_edit=can_manage and plan.state not in ("verified", "cancelled"),
            can_add_action=user.has_perm("improvements.add_improvementaction") and plan.is_active,
            can_edit_actions=can_manage and plan.is_active,
            can_report=user.has_perm("improvements.change_improvementaction"),
        )
        return ctx


class PlanUpdateView(DeclaredPermissionMixin, PlanMixin, VersionedSaveMixin, FormView):
    permission_required = ("improvements.change_improvementplan",)
    form_class = PlanForm
    template_name = "components/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan, "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit the improvement plan “%(title)s”") % {"title": self.plan}
        ctx["cancel_url"] = self.plan.get_absolute_url()
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_plan(
            actor=self.request.user, plan=form.instance, expected_version=expected_version
        )

    def get_success_url(self):
        return self.plan.get_absolute_url()


class PlanTransitionView(DeclaredPermissionMixin, PlanMixin, FormView):
    permission_required = ("improvements.change_improvementplan",)
    form_class = PlanTransitionForm
    template_name = "improvements/plan_transition.html"

    @cached_property
    def target(self) -> str | None:
        wanted = self.request.GET.get("to") or self.request.POST.get("to")
        return wanted if wanted in workflow.allowed_targets(self.plan.state) else None

    def get_form(self, form_class=None):
        if self.target is None:
            return None
        return super().get_form(form_class)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan, "to": self.target or ""}

    def post(self, request, *args, **kwargs):
        if self.target is None:
            messages.error(request, _("Choose one of the possible steps."))
            return redirect(reverse("improvements:plan-transition", args=[self.plan.pk]))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.plan
        ctx["plan"] = plan
        ctx["target"] = self.target
        ctx["steps"] = [
            (state, workflow.action_label(plan.state, state))
            for state in services.next_steps(plan, self.request.user)
        ]
        ctx["page_title"] = (
            workflow.action_label(plan.state, self.target)
            if self.target
            else _("Next step for “%(title)s”") % {"title": plan}
        )
        ctx["cancel_url"] = plan.get_absolute_url()
        return ctx

    def form_valid(self, form):
        try:
            plan = services.transition_plan(
                self.plan,
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
            _("The improvement plan is now “%(state)s”.") % {"state": plan.get_state_display()},
        )
        return redirect(plan.get_absolute_url())


class ActionCreateView(DeclaredPermissionMixin, PlanMixin, FormView):
    permission_required = ("improvements.add_improvementaction",)
    form_class = ActionForm
    template_name = "components/form_page.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": ImprovementAction(plan=self.plan),
            "user": self.request.user,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("New action for “%(title)s”") % {"title": self.plan}
        ctx["cancel_url"] = self.plan.get_absolute_url()
        return ctx

    def form_valid(self, form):
        action = form.save(commit=False)
        try:
            services.add_action(actor=self.request.user, action=action)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The action has been added."))
        return redirect(self.plan.get_absolute_url() + "#actions")


class ActionMixin:
    @cached_property
    def action(self) -> ImprovementAction:
        return get_object_or_404(
            ImprovementAction.objects.visible_for(self.request.user).select_related(
                "plan", "owner"
            ),
            pk=self.kwargs["pk"],
        )


class ActionUpdateView(DeclaredPermissionMixin, ActionMixin, VersionedSaveMixin, FormView):
    """Change what, who, when of an action (plan managers)."""

    permission_required = ("improvements.change_improvementplan",)
    form_class = ActionForm
    template_name = "components/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.action, "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit the action “%(action)s”") % {"action": self.action}
        ctx["cancel_url"] = self.action.plan.get_absolute_url() + "#actions"
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_action(
            actor=self.request.user, action=form.instance, expected_version=expected_version
        )

    def get_success_url(self):
        return self.action.plan.get_absolute_url() + "#actions"


class ActionStatusView(DeclaredPermissionMixin, ActionMixin, FormView):
    """Report on an action: the owner, or a plan manager. Others get 403."""

    permission_required = ("improvements.change_improvementaction",)
    form_class = ActionStatusForm
    template_name = "components/form_page.html"

    def get(self, request, *args, **kwargs):
        self._check_may_report()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_may_report()
        return super().post(request, *args, **kwargs)

    def _check_may_report(self):
        from django.core.exceptions import PermissionDenied

        if not services.may_set_status(self.request.user, self.action):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Report on the action “%(action)s”") % {"action": self.action}
        ctx["intro"] = _("Current status: %(status)s; due on %(date)s.") % {
            "status": self.action.get_status_display(),
            "date": f"{self.action.due_on:%d-%m-%Y}",
        }
        ctx["cancel_url"] = self.action.plan.get_absolute_url() + "#actions"
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.set_action_status(
                self.action,
                data["status"],
                actor=self.request.user,
                done_on=data.get("done_on"),
                note=data.get("note", ""),
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The action has been updated."))
        return redirect(self.action.plan.get_absolute_url() + "#actions")
