"""Pages of the incident register. Every incident is fetched through ``visible_for`` (out of
scope: 404); writes go through ``incidents/services.py``. A resident named on an incident is
shown only to users who may see that resident, and then written to the access log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.views import DeclaredPermissionMixin
from wijkteam.incidents import ladder, services, workflow
from wijkteam.incidents.forms import (
    CalamityFlagForm,
    CalamityTransitionForm,
    CareNeedForm,
    DeadlineFilterForm,
    FollowUpCompleteForm,
    FollowUpForm,
    IncidentFilterForm,
    IncidentForm,
    IncidentTransitionForm,
)
from wijkteam.incidents.models import Calamity, CareNeed, FollowUpAction, Incident
from wijkteam.incidents.workflow import CalamityState, IncidentState

# The report form in groups, so the one page reads top to bottom in under two minutes.
FORM_GROUPS = (
    (
        gettext_lazy("When and where"),
        ("occurred_on", "occurred_time", "team", "location_kind", "location"),
    ),
    (gettext_lazy("What"), ("kind", "category")),
    (gettext_lazy("Who was involved"), ("staff_involved", "resident", "household", "third_party")),
    (
        gettext_lazy("What happened and what was done"),
        ("description", "immediate_measures", "police_involved", "ambulance_involved"),
    ),
)


def add_service_error(form, exc: ValidationError) -> None:
    """Show a service's errors on the form: at the field when the form shows it, otherwise
    (hidden fields such as the chosen step, or fields the form lacks) on top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        shown = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if shown else None, errors)


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def improvement_plan_url(user, incident) -> str | None:
    """The "start an improvement plan" link, when the improvements app offers it and the
    user may start one."""
    if not user.has_perm("improvements.add_improvementplan"):
        return None
    try:
        url = reverse("improvements:plan-create")
    except NoReverseMatch:
        return None
    return f"{url}?origin=incidents.incident:{incident.pk}"


def visible_resident_ids(user, ids) -> set[int]:
    from wijkteam.residents.models import Resident

    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(Resident.objects.visible_for(user).filter(pk__in=ids).values_list("pk", flat=True))


class IncidentMixin:
    """The incident named in the URL, fetched through the user's scope (404 outside it)."""

    incident_url_kwarg = "pk"

    @cached_property
    def incident(self) -> Incident:
        return get_object_or_404(
            Incident.objects.visible_for(self.request.user).select_related(
                "team", "reporter", "location"
            ),
            pk=self.kwargs[self.incident_url_kwarg],
        )

    def incident_url(self, anchor: str = "") -> str:
        url = reverse("incidents:incident-detail", args=[self.incident.pk])
        return f"{url}#{anchor}" if anchor else url


class FormPageMixin(IncidentMixin):
    """A form about one incident on the shared form page."""

    template_name = "components/form_page.html"
    page_title = ""
    submit_label = None
    anchor = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = self.get_page_title()
        ctx["intro"] = self.get_intro()
        ctx["cancel_url"] = self.incident_url(self.anchor)
        if self.submit_label:
            ctx["submit_label"] = self.submit_label
        return ctx

    def get_page_title(self):
        return self.page_title % {"date": self.incident.occurred_on.strftime("%d-%m-%Y")}

    def get_intro(self):
        return ""


# --- Lists -----------------------------------------------------------------------------------


class IncidentListView(DeclaredPermissionMixin, ListView):
    """My reports, my teams' incidents or all of them (by permission), filtered and paged.
    No resident is shown, so the list writes no access log."""

    permission_required = ("incidents.view_incident",)
    template_name = "incidents/incident_list.html"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        self.filter_form = IncidentFilterForm(self.request.GET or None, user=user)
        qs = (
            Incident.objects.visible_for(user)
            .select_related("team", "reporter", "calamity")
            .annotate(
                open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True))
            )
            .order_by("-occurred_on", "-occurred_time", "-id")
        )
        return self.filter_form.filter(qs, user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        visible = Incident.objects.visible_for(user)
        ctx.update(
            filter_form=self.filter_form,
            querystring_without_page=_querystring_without_page(self.request),
            today=today,
            overdue_count=visible.aftercare_overdue(today).count()
            + FollowUpAction.objects.visible_for(user).overdue(today).count(),
        )
        return ctx


class DeadlineListView(DeclaredPermissionMixin, TemplateView):
    """Everything that is overdue or due within a week: aftercare, follow-up actions, calamity
    decisions and reports, people to follow up. Nothing passes its deadline unseen."""

    permission_required = ("incidents.view_incident",)
    template_name = "incidents/deadline_list.html"
    limit = 200

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        form = DeadlineFilterForm(self.request.GET or None, user=user)
        team, on = form.values()
        incidents = Incident.objects.visible_for(user).select_related("team")
        actions = FollowUpAction.objects.visible_for(user).select_related("owner", "incident__team")
        calamities = Calamity.objects.visible_for(user).select_related("incident__team")
        needs = (
            CareNeed.objects.visible_for(user).select_related("incident__team")
            if user.has_perm("incidents.view_careneed")
            else CareNeed.objects.none()
        )
        if team:
            incidents = incidents.filter(team=team)
            actions = actions.filter(incident__team=team)
            calamities = calamities.filter(incident__team=team)
            needs = needs.filter(incident__team=team)
        lim = self.limit
        ctx.update(
            filter_form=form,
            on=on,
            limit=lim,
            aftercare_overdue=list(
                incidents.aftercare_overdue(on).order_by("aftercare_due_on", "id")[:lim]
            ),
            aftercare_due=list(
                incidents.aftercare_due_soon(on).order_by("aftercare_due_on", "id")[:lim]
            ),
            actions_overdue=list(actions.overdue(on).order_by("due_on", "id")[:lim]),
            actions_due=list(actions.due_soon(on).order_by("due_on", "id")[:lim]),
            calamities_to_assess=list(calamities.to_assess().order_by("flagged_on", "id")[:lim]),
            reports_overdue=list(
                calamities.report_overdue(on).order_by("report_due_on", "id")[:lim]
            ),
            reports_due=list(calamities.report_due_soon(on).order_by("report_due_on", "id")[:lim]),
            needs_overdue=list(needs.follow_up_overdue(on).order_by("follow_up_on", "id")[:lim]),
            needs_due=list(needs.follow_up_due_soon(on).order_by("follow_up_on", "id")[:lim]),
            show_calamities=user.has_perm("incidents.view_calamity"),
            show_needs=user.has_perm("incidents.view_careneed"),
        )
        return ctx


# --- One incident ----------------------------------------------------------------------------


class IncidentDetailView(DeclaredPermissionMixin, IncidentMixin, TemplateView):
    permission_required = ("incidents.view_incident",)
    template_name = "incidents/incident_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        incident = self.incident
        today = timezone.localdate()
        calamity = (
            Calamity.objects.filter(incident=incident)
            .select_related("flagged_by", "decided_by")
            .first()
            if user.has_perm("incidents.view_calamity")
            else None
        )
        care_needs = (
            list(incident.care_needs.select_related("resident", "recorded_by"))
            if user.has_perm("incidents.view_careneed")
            else []
        )
        resident_ids = visible_resident_ids(
            user, [incident.resident_id, *[n.resident_id for n in care_needs]]
        )
        shown_resident = incident.resident if incident.resident_id in resident_ids else None
        household = None
        if incident.household_id:
            from wijkteam.residents.models import Household

            household = Household.objects.visible_for(user).filter(pk=incident.household_id).first()
        for need in care_needs:
            need.shown_resident = need.resident if need.resident_id in resident_ids else None
        record_access(
            user=user,
            resident_ids=sorted(resident_ids),
            action=AccessAction.VIEW,
            context=_("Incident"),
            request=self.request,
        )
        events = list(incident.events.select_related("actor").order_by("at", "id"))
        for event in events:
            event.from_label, event.to_label = event.state_labels()
        ctx.update(
            incident=incident,
            today=today,
            step=ladder.BY_CATEGORY[incident.category],
            staff=list(incident.staff_involved.order_by("last_name", "first_name")),
            resident=shown_resident,
            resident_hidden=bool(incident.resident_id and shown_resident is None),
            household=household,
            household_hidden=bool(incident.household_id and household is None),
            aftercare_status=incident.aftercare_status(today),
            aftercare_by=incident.aftercare_by,
            follow_ups=list(incident.follow_ups.select_related("owner").order_by("due_on", "id"))
            if user.has_perm("incidents.view_followupaction")
            else [],
            calamity=calamity,
            calamity_steps=self._calamity_steps(calamity, user),
            can_flag=user.has_perm(workflow.DECIDE) and calamity is None and not incident.is_closed,
            care_needs=care_needs,
            events=events if user.has_perm("incidents.view_incidentevent") else [],
            next_steps=[
                (state, workflow.action_label(incident.state, state))
                for state in services.next_steps(incident, user)
            ],
            open_items=services.open_items(incident)
            if incident.state == IncidentState.AFTERCARE_DONE
            else [],
            improvement_plan_url=improvement_plan_url(user, incident),
            can_change=user.has_perm("incidents.change_incident") and not incident.is_closed,
            can_add_follow_up=user.has_perm("incidents.add_followupaction")
            and not incident.is_closed,
        )
        return ctx

    @staticmethod
    def _calamity_steps(calamity, user):
        if calamity is None:
            return []
        steps = []
        for state in workflow.calamity_targets(calamity.state):
            needs = workflow.calamity_requirement(calamity.state, state)
            if not user.has_perm(needs.permission):
                continue
            name = (
                "incidents:calamity-decide"
                if needs.permission == workflow.DECIDE
                else "incidents:calamity-report"
            )
            steps.append(
                (
                    reverse(name, args=[calamity.incident_id]) + f"?to={state}",
                    workflow.calamity_action_label(calamity.state, state),
                )
            )
        return steps


class IncidentCreateView(DeclaredPermissionMixin, FormView):
    """Report an incident: one short page. ``?resident=<id>`` prefills a resident in scope."""

    permission_required = ("incidents.add_incident",)
    form_class = IncidentForm
    template_name = "incidents/incident_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        raw = self.request.GET.get("resident", "")
        if raw.isdigit() and visible_resident_ids(self.request.user, [int(raw)]):
            initial["resident"] = int(raw)
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=_("Report an incident"),
            groups=_groups(ctx["form"]),
            submit_label=_("Report the incident"),
            cancel_url=reverse("incidents:incident-list"),
            ladder=ladder.LADDER,
        )
        return ctx

    def form_valid(self, form):
        incident = form.save(commit=False)
        try:
            services.report_incident(
                actor=self.request.user, incident=incident, staff_involved=form.staff() or []
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The incident has been reported. The teammanager has been notified and will "
                "contact you about aftercare."
            ),
        )
        return redirect("incidents:incident-detail", pk=incident.pk)


def _groups(form):
    return [
        (title, [form[name] for name in names if name in form.fields])
        for title, names in FORM_GROUPS
    ]


class IncidentUpdateView(DeclaredPermissionMixin, IncidentMixin, FormView):
    """Correct a report (e.g. its category); the change is in the history."""

    permission_required = ("incidents.change_incident",)
    form_class = IncidentForm
    template_name = "incidents/incident_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.incident}

    def get_initial(self):
        return {"staff_involved": list(self.incident.staff_involved.values_list("pk", flat=True))}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=_("Change the report"),
            intro=_("The change is recorded in the history of the incident."),
            groups=_groups(ctx["form"]),
            submit_label=_("Save"),
            cancel_url=self.incident_url(),
            ladder=ladder.LADDER,
            editing=True,
        )
        return ctx

    def form_valid(self, form):
        incident = form.save(commit=False)
        try:
            services.update_incident(
                actor=self.request.user,
                incident=incident,
                expected_version=form.cleaned_data["version"],
                staff_involved=form.staff(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes have been saved."))
        return redirect(self.incident_url())


class StepChoiceMixin:
    """Pages that take one step chosen with ``?to=``; without a valid step they show the steps
    the user can take now (or say that there is none)."""

    choice_template = "incidents/step_choice.html"

    def requested_step(self):
        return self.request.POST.get("to") or self.request.GET.get("to") or ""

    def step_choices(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def render_choice(self, message: str = ""):
        from django.shortcuts import render

        return render(
            self.request,
            self.choice_template,
            {
                "page_title": self.get_page_title(),
                "choices": self.step_choices(),
                "message": message,
                "cancel_url": self.incident_url(self.anchor),
                "incident": self.incident,
            },
        )


class IncidentTransitionView(DeclaredPermissionMixin, StepChoiceMixin, FormPageMixin, FormView):
    """Plan or confirm the aftercare conversation, close or reopen the incident."""

    permission_required = ("incidents.confirm_aftercare",)
    form_class = IncidentTransitionForm
    page_title = gettext_lazy("Aftercare and state of the incident of %(date)s")
    anchor = "aftercare"

    def step_choices(self):
        url = reverse("incidents:incident-transition", args=[self.incident.pk])
        return [
            (f"{url}?to={state}", workflow.action_label(self.incident.state, state))
            for state in services.next_steps(self.incident, self.request.user)
        ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perms(self.permission_required):
            to = self.requested_step()
            if to not in services.next_steps(self.incident, request.user):
                message = (
                    _("This step is not possible now; the incident is “%(state)s”.")
                    % {"state": self.incident.get_state_display()}
                    if to
                    else ""
                )
                return self.render_choice(message)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "incident": self.incident, "to": self.requested_step()}

    def get_intro(self):
        incident = self.incident
        intro = _("State: %(state)s. The aftercare conversation is due on %(due)s.") % {
            "state": incident.get_state_display(),
            "due": incident.aftercare_due_on.strftime("%d-%m-%Y"),
        }
        return intro

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["submit_label"] = workflow.action_label(self.incident.state, self.requested_step())
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            incident = services.transition_incident(
                self.incident,
                data["to"],
                actor=self.request.user,
                on=data.get("on"),
                planned_on=data.get("planned_on"),
                outcome=data.get("outcome"),
                note=data.get("note", ""),
                reason=data.get("reason", ""),
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The incident is now “%(state)s”.") % {"state": incident.get_state_display()},
        )
        if (
            incident.state == IncidentState.AFTERCARE_PLANNED
            and incident.aftercare_planned_on > incident.aftercare_due_on
        ):
            messages.warning(
                self.request,
                _("The conversation is planned after the due date (%(due)s).")
                % {"due": incident.aftercare_due_on.strftime("%d-%m-%Y")},
            )
        return redirect(self.incident_url(self.anchor))


# --- Follow-up actions -----------------------------------------------------------------------


class FollowUpCreateView(DeclaredPermissionMixin, FormPageMixin, FormView):
    permission_required = ("incidents.add_followupaction",)
    form_class = FollowUpForm
    page_title = gettext_lazy("Follow-up action for the incident of %(date)s")
    anchor = "follow-ups"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        action = form.save(commit=False)
        action.incident = self.incident
        try:
            services.add_follow_up(actor=self.request.user, action=action)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up action has been added."))
        return redirect(self.incident_url(self.anchor))


class FollowUpCompleteView(DeclaredPermissionMixin, FormPageMixin, FormView):
    permission_required = ("incidents.change_followupaction",)
    form_class = FollowUpCompleteForm
    page_title = gettext_lazy("Complete the follow-up action")
    submit_label = gettext_lazy("Mark as done")
    anchor = "follow-ups"

    @cached_property
    def action(self) -> FollowUpAction:
        return get_object_or_404(
            FollowUpAction.objects.visible_for(self.request.user).select_related("incident"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def incident(self) -> Incident:
        return get_object_or_404(
            Incident.objects.visible_for(self.request.user), pk=self.action.incident_id
        )

    def get_page_title(self):
        return self.page_title

    def get_intro(self):
        action = self.action
        text = _("%(action)s; owner %(owner)s, due on %(due)s.") % {
            "action": action.description,
            "owner": action.owner,
            "due": action.due_on.strftime("%d-%m-%Y"),
        }
        if action.is_done:
            text += " " + _("Already done on %(date)s.") % {
                "date": action.done_on.strftime("%d-%m-%Y")
            }
        return text

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.complete_follow_up(
                actor=self.request.user,
                action=self.action,
                done_on=data["done_on"],
                result=data["result"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up action is done."))
        return redirect(self.incident_url(self.anchor))


# --- The calamity procedure ------------------------------------------------------------------


class CalamityFlagView(DeclaredPermissionMixin, FormPageMixin, FormView):
    """Put an incident of category 1-4 in the calamity procedure (5 and 6 are put there when
    reported)."""

    permission_required = ("incidents.decide_calamity",)
    form_class = CalamityFlagForm
    page_title = gettext_lazy("Possible calamity: incident of %(date)s")
    submit_label = gettext_lazy("Flag as a possible calamity")
    anchor = "calamity"

    def get(self, request, *args, **kwargs):
        if Calamity.objects.filter(incident=self.incident).exists():
            messages.info(request, _("This incident is already in the calamity procedure."))
            return redirect(self.incident_url(self.anchor))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.flag_calamity(
                actor=self.request.user, incident=self.incident, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The incident is flagged as a possible calamity."))
        return redirect(self.incident_url(self.anchor))


class CalamityStepView(DeclaredPermissionMixin, StepChoiceMixin, FormPageMixin, FormView):
    """One step of the calamity procedure; subclasses name the steps and permission."""

    form_class = CalamityTransitionForm
    anchor = "calamity"
    targets: frozenset = frozenset()

    @cached_property
    def calamity(self) -> Calamity:
        return get_object_or_404(
            Calamity.objects.visible_for(self.request.user).select_related("incident"),
            incident_id=self.incident.pk,
        )

    def available(self) -> list[str]:
        return [s for s in workflow.calamity_targets(self.calamity.state) if s in self.targets]

    def step_choices(self):
        url = reverse(self.request.resolver_match.view_name, args=[self.incident.pk])
        return [
            (f"{url}?to={state}", workflow.calamity_action_label(self.calamity.state, state))
            for state in self.available()
        ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perms(self.permission_required):
            to = self.requested_step()
            if to not in self.available():
                message = _("State of the calamity procedure: %(state)s.") % {
                    "state": self.calamity.get_state_display()
                }
                if not self.available():
                    message += " " + _("There is no step to record here now.")
                return self.render_choice(message)
        return super().dispatch(request, *args, **kwargs)

    def get_intro(self):
        calamity = self.calamity
        intro = _("State of the calamity procedure: %(state)s.") % {
            "state": calamity.get_state_display()
        }
        if calamity.report_due_on and not calamity.reported_on:
            intro += " " + _("The report to the supervisory authority is due on %(date)s.") % {
                "date": calamity.report_due_on.strftime("%d-%m-%Y")
            }
        return intro

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "calamity": self.calamity,
            "to": self.requested_step(),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["submit_label"] = workflow.calamity_action_label(
            self.calamity.state, self.requested_step()
        )
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            calamity = services.transition_calamity(
                self.calamity,
                data["to"],
                actor=self.request.user,
                on=data.get("on"),
                reason=data.get("reason", ""),
                reported_to=data.get("reported_to", ""),
                reference=data.get("reference", ""),
                summary=data.get("summary", ""),
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Calamity procedure: %(state)s.") % {"state": calamity.get_state_display()},
        )
        if calamity.state == CalamityState.CALAMITY:
            messages.warning(
                self.request,
                _("Report the calamity to the supervisory authority by %(date)s.")
                % {"date": calamity.report_due_on.strftime("%d-%m-%Y")},
            )
        return redirect(self.incident_url(self.anchor))


class CalamityDecideView(CalamityStepView):
    permission_required = ("incidents.decide_calamity",)
    page_title = gettext_lazy("Calamity decision: incident of %(date)s")
    targets = frozenset(
        {CalamityState.NOT_CALAMITY, CalamityState.CALAMITY, CalamityState.TO_ASSESS}
    )


class CalamityReportView(CalamityStepView):
    permission_required = ("incidents.track_calamity",)
    page_title = gettext_lazy("Calamity report: incident of %(date)s")
    targets = frozenset({CalamityState.REPORTED, CalamityState.INVESTIGATED, CalamityState.CLOSED})


# --- People who need more than basic support ------------------------------------------------


class CareNeedCreateView(DeclaredPermissionMixin, FormPageMixin, FormView):
    permission_required = ("incidents.add_careneed",)
    form_class = CareNeedForm
    page_title = gettext_lazy("More than basic support needed: incident of %(date)s")
    anchor = "care-needs"

    def get_intro(self):
        return _(
            "Mark a person involved (usually the aggressor) who needs more than basic support, "
            "for example because of serious psychological problems, and follow the referral."
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        if self.incident.resident_id and visible_resident_ids(
            self.request.user, [self.incident.resident_id]
        ):
            initial["resident"] = self.incident.resident_id
        return initial

    def form_valid(self, form):
        need = form.save(commit=False)
        need.incident = self.incident
        try:
            services.record_care_need(actor=self.request.user, care_need=need)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The person has been marked for follow-up."))
        return redirect(self.incident_url(self.anchor))


class CareNeedUpdateView(DeclaredPermissionMixin, FormPageMixin, FormView):
    permission_required = ("incidents.change_careneed",)
    form_class = CareNeedForm
    page_title = gettext_lazy("Follow-up of a person needing more than basic support")
    submit_label = gettext_lazy("Save")
    anchor = "care-needs"

    @cached_property
    def care_need(self) -> CareNeed:
        return get_object_or_404(
            CareNeed.objects.visible_for(self.request.user), pk=self.kwargs["pk"]
        )

    @cached_property
    def incident(self) -> Incident:
        return get_object_or_404(
            Incident.objects.visible_for(self.request.user), pk=self.care_need.incident_id
        )

    def get_page_title(self):
        return self.page_title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.care_need}

    def form_valid(self, form):
        previous = (
            CareNeed.objects.filter(pk=self.care_need.pk)
            .values_list("status", "resident_id")
            .first()
        )
        need = form.save(commit=False)
        try:
            services.update_care_need(
                actor=self.request.user,
                care_need=need,
                previous_status=previous[0],
                expected_version=form.cleaned_data["version"],
                changed_resident=need.resident_id != previous[1],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes have been saved."))
        return redirect(self.incident_url(self.anchor))
