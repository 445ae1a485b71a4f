"""Pages of the support case cycle. Every page that shows a resident's data writes the access
log; every case is fetched through ``visible_for`` (out of scope: 404); writes go through
``support/services.py``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from wijkteam.accounts.models import User
from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.views import DeclaredPermissionMixin
from wijkteam.organisation.models import Team
from wijkteam.residents.models import Resident
from wijkteam.support import services, workflow
from wijkteam.support.forms import (
    CaseFilterForm,
    CaseForm,
    ContactForm,
    ConversationForm,
    DueFilterForm,
    QuickContactForm,
    ReferralAnswerForm,
    ReferralForm,
    TransitionForm,
    add_service_errors,
    team_workers,
)
from wijkteam.support.models import CaseDeadline, Referral, SupportCase


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


class CaseMixin:
    """The case named in the URL, fetched through the user's scope (404 outside it), and the
    access-log entry for pages that show it."""

    case_url_kwarg = "pk"
    access_context = ""

    @cached_property
    def case(self) -> SupportCase:
        return get_object_or_404(
            SupportCase.objects.visible_for(self.request.user).select_related(
                "resident", "team", "coordinator", "household", "location"
            ),
            pk=self.kwargs[self.case_url_kwarg],
        )

    def log_case_access(self) -> None:
        record_access(
            user=self.request.user,
            resident_ids=[self.case.resident_id],
            action=AccessAction.VIEW,
            context=str(self.access_context),
            request=self.request,
        )

    def case_url(self, anchor: str = "") -> str:
        url = reverse("support:case-detail", args=[self.case.pk])
        return f"{url}#{anchor}" if anchor else url


class CaseListView(DeclaredPermissionMixin, ListView):
    """Cases of the user's teams (and files shared with them), filtered; logged per resident."""

    permission_required = ("support.view_supportcase",)
    template_name = "support/case_list.html"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        self.filter_form = CaseFilterForm(self.request.GET or None, user=user)
        qs = (
            SupportCase.objects.visible_for(user)
            .select_related("resident", "team", "coordinator")
            .with_next_deadline()
            .order_by("-received_on", "-id")
        )
        return self.filter_form.filter(qs, user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record_access(
            user=self.request.user,
            resident_ids=[case.resident_id for case in ctx["object_list"]],
            action=AccessAction.LIST,
            context=_("Support case list"),
            request=self.request,
        )
        ctx["filter_form"] = self.filter_form
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        ctx["today"] = timezone.localdate()
        return ctx


class CaseDetailView(DeclaredPermissionMixin, CaseMixin, TemplateView):
    permission_required = ("support.view_supportcase",)
    template_name = "support/case_detail.html"
    access_context = gettext_lazy("Support case")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        case = self.case
        user = self.request.user
        self.log_case_access()
        today = timezone.localdate()
        deadlines = list(case.deadlines.select_related("referral").order_by("due_on", "id"))
        for deadline in deadlines:
            deadline.current_status = deadline.status(today)
        ctx.update(contacts_context(case, user, QuickContactForm()))
        ctx.update(
            today=today,
            deadlines=deadlines,
            transitions=case.transitions.select_related("actor").order_by("at", "id"),
            conversations=case.conversations.select_related("recorded_by"),
            referrals=case.referrals.select_related("recorded_by"),
            next_steps=[
                (state, workflow.action_label(case.state, state))
                for state in services.next_steps(case, today)
            ]
            if user.has_perm("support.change_supportcase")
            else [],
            reopen_period_over=case.is_closed and not services.within_reopen_period(case, today),
            plan=case.plans.only("pk", "started_on", "revision").first(),
            can_add_plan=user.has_perm("plans.add_supportplan") and not case.is_closed,
        )
        return ctx


def contacts_context(case, user, form, message: str = "") -> dict:
    return {
        "case": case,
        "contacts": case.contacts.select_related("recorded_by"),
        "contact_form": form,
        "contact_message": message,
        "can_add_contact": user.has_perm("support.add_contact") and not case.is_closed,
    }


class CaseCreateView(DeclaredPermissionMixin, FormView):
    """Register a request for the resident in ``?resident=<id>`` (a resident the user may see).

    Without a resident the page explains where to start: from the resident's file.
    """

    permission_required = ("support.add_supportcase",)
    form_class = CaseForm
    template_name = "support/case_form.html"

    @cached_property
    def resident(self):
        raw = self.request.GET.get("resident", "")
        if not raw.isdigit():
            return None
        return get_object_or_404(
            Resident.objects.visible_for(self.request.user).select_related("team"), pk=int(raw)
        )

    def get(self, request, *args, **kwargs):
        if self.resident is None:
            return render(request, "support/case_choose_resident.html")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.resident is None:
            return render(request, "support/case_choose_resident.html")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "resident": self.resident}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record_access(
            user=self.request.user,
            resident_ids=[self.resident.pk],
            action=AccessAction.VIEW,
            context=_("Support request form"),
            request=self.request,
        )
        ctx["resident"] = self.resident
        ctx["page_title"] = _("New support request for %(name)s") % {
            "name": self.resident.full_name
        }
        ctx["cancel_url"] = reverse("residents:resident-detail", args=[self.resident.pk])
        return ctx

    def form_valid(self, form):
        case = form.save(commit=False)
        case.resident = self.resident
        try:
            services.register_case(actor=self.request.user, case=case)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The support request has been registered."))
        return redirect("support:case-detail", pk=case.pk)


class CaseFormPageMixin(CaseMixin):
    """A form about one case on the shared form page, logged as a read of the case."""

    template_name = "components/form_page.html"
    page_title = ""
    intro = ""
    submit_label = None
    anchor = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        self.log_case_access()
        ctx["page_title"] = self.page_title % {"name": self.case.resident.full_name}
        ctx["intro"] = self.get_intro()
        ctx["cancel_url"] = self.case_url(self.anchor)
        if self.submit_label:
            ctx["submit_label"] = self.submit_label
        return ctx

    def get_intro(self):
        return self.intro


class CaseTransitionView(DeclaredPermissionMixin, CaseFormPageMixin, FormView):
    """Change the state of a case; ``?to=<state>`` preselects the step chosen on the case."""

    permission_required = ("support.change_supportcase",)
    form_class = TransitionForm
    access_context = gettext_lazy("Support case state change")
    page_title = gettext_lazy("Change the state of the case of %(name)s")
    submit_label = gettext_lazy("Change state")
    anchor = "state"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "case": self.case}
        wanted = self.request.GET.get("to")
        if wanted in workflow.allowed_targets(self.case.state):
            kwargs["initial"] = {**kwargs.get("initial", {}), "to": wanted}
        return kwargs

    def get_intro(self):
        return _("Current state: %(state)s. The change and its reason are kept in the history.") % {
            "state": self.case.get_state_display()
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            case = services.transition_case(
                self.case,
                data["to"],
                actor=self.request.user,
                reason=data["reason"],
                closure_reason=data.get("closure_reason") or None,
                closure_note=data.get("closure_note", ""),
                on=data["on"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The case is now “%(state)s”.") % {"state": case.get_state_display()},
        )
        return redirect(self.case_url("state"))


class ContactCreateView(DeclaredPermissionMixin, CaseFormPageMixin, FormView):
    """Record a contact. The quick form on the case page posts here with htmx and gets the
    contact section back (new row, empty form); without JavaScript it is a normal POST that
    redirects to the case page. GET shows the full form with the optional fields."""

    permission_required = ("support.add_contact",)
    access_context = gettext_lazy("Support case contacts")
    page_title = gettext_lazy("Record a contact with %(name)s")
    anchor = "contacts"

    def get_form_class(self):
        return QuickContactForm if self.request.POST.get("quick") else ContactForm

    def form_valid(self, form):
        contact = form.save(commit=False)
        contact.case = self.case
        try:
            services.record_contact(actor=self.request.user, contact=contact)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        message = _("The contact of %(date)s has been recorded.") % {
            "date": contact.date.strftime("%d-%m-%Y")
        }
        if self.request.htmx:
            return self.render_section(QuickContactForm(), message)
        messages.success(self.request, message)
        return redirect(self.case_url("contacts"))

    def form_invalid(self, form):
        if self.request.htmx:
            return self.render_section(form)
        return super().form_invalid(form)

    def render_section(self, form, message: str = ""):
        self.log_case_access()
        ctx = contacts_context(self.case, self.request.user, form, message)
        ctx["autofocus"] = True
        return render(self.request, "support/_contacts.html", ctx)


class ConversationCreateView(DeclaredPermissionMixin, CaseFormPageMixin, FormView):
    permission_required = ("support.add_conversation",)
    form_class = ConversationForm
    access_context = gettext_lazy("Support case conversation form")
    page_title = gettext_lazy("Record a conversation with %(name)s")
    intro = gettext_lazy(
        "A kitchen-table conversation, a research step or another conversation, and what it led to."
    )
    anchor = "conversations"

    def form_valid(self, form):
        conversation = form.save(commit=False)
        conversation.case = self.case
        try:
            services.record_conversation(actor=self.request.user, conversation=conversation)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The conversation has been recorded."))
        return redirect(self.case_url("conversations"))


class ReferralCreateView(DeclaredPermissionMixin, CaseFormPageMixin, FormView):
    permission_required = ("support.add_referral",)
    form_class = ReferralForm
    access_context = gettext_lazy("Support case referral form")
    page_title = gettext_lazy("Refer %(name)s to additional support")
    anchor = "referrals"

    def get_intro(self):
        if self.case.legal_framework == "wmo":
            return _(
                "In a Wmo case the referral is the application: the decision is due within "
                "two weeks."
            )
        return ""

    def form_valid(self, form):
        referral = form.save(commit=False)
        referral.case = self.case
        try:
            services.send_referral(actor=self.request.user, referral=referral)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The referral has been recorded."))
        return redirect(self.case_url("referrals"))


class ReferralUpdateView(DeclaredPermissionMixin, CaseFormPageMixin, FormView):
    """Record the answer to a referral: accepted, refused or withdrawn."""

    permission_required = ("support.change_referral",)
    form_class = ReferralAnswerForm
    access_context = gettext_lazy("Support case referral answer")
    page_title = gettext_lazy("Answer to the referral of %(name)s")
    submit_label = gettext_lazy("Save the answer")
    anchor = "referrals"

    @cached_property
    def referral(self) -> Referral:
        return get_object_or_404(
            Referral.objects.visible_for(self.request.user).select_related("case"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def case(self) -> SupportCase:
        return get_object_or_404(
            SupportCase.objects.visible_for(self.request.user).select_related("resident"),
            pk=self.referral.case_id,
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "referral": self.referral}

    def get_intro(self):
        intro = _("%(category)s at %(provider)s, sent on %(date)s.") % {
            "category": self.referral.get_category_display(),
            "provider": self.referral.provider,
            "date": self.referral.sent_on.strftime("%d-%m-%Y"),
        }
        if self.referral.status != "sent":
            intro += " " + _("Already answered: %(status)s.") % {
                "status": self.referral.get_status_display()
            }
        return intro

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.answer_referral(
                actor=self.request.user,
                referral=self.referral,
                status=data["status"],
                responded_on=data["responded_on"],
                response=data["response"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer to the referral has been recorded."))
        return redirect(self.case_url("referrals"))


class DueListView(DeclaredPermissionMixin, TemplateView):
    """Deadlines overdue and due within a week, for the user's own cases or their teams."""

    permission_required = ("support.view_supportcase", "support.view_casedeadline")
    template_name = "support/due_list.html"
    limit = 200

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        form = DueFilterForm(self.request.GET or None, user=user)
        scope, team, on = form.values(user)
        base = form.filter(
            CaseDeadline.objects.visible_for(user).select_related(
                "case__resident", "case__team", "case__coordinator"
            ),
            user,
        ).order_by("due_on", "id")
        overdue = list(base.overdue(on)[: self.limit])
        due = list(base.due_this_week(on)[: self.limit])
        record_access(
            user=user,
            resident_ids=[d.case.resident_id for d in overdue + due],
            action=AccessAction.LIST,
            context=_("Deadlines list"),
            request=self.request,
        )
        ctx.update(
            filter_form=form,
            scope=scope,
            team=team,
            on=on,
            overdue=overdue,
            due=due,
            limit=self.limit,
        )
        return ctx


class CaseloadView(DeclaredPermissionMixin, TemplateView):
    """Open cases and households per worker and per team, counted in the database.

    With ``support.view_team_caseload`` (teammanager) every worker of the user's teams;
    otherwise the user's own caseload. No resident is shown, so nothing is access-logged.
    """

    permission_required = ("support.view_supportcase",)
    template_name = "support/caseload.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        team_ids = user.active_team_ids()
        cases = SupportCase.objects.filter(team_id__in=team_ids)
        whole_team = user.has_perm("support.view_team_caseload")
        if whole_team:
            workers = list(team_workers(team_ids))
        else:
            workers = [user]
            cases = cases.filter(coordinator=user)
        by_worker = {row["coordinator"]: row for row in cases.caseload_by_coordinator()}
        overdue = dict(
            CaseDeadline.objects.filter(case__in=cases)
            .overdue(today)
            .order_by()
            .values_list("case__coordinator")
            .annotate(n=Count("id"))
            .values_list("case__coordinator", "n")
        )
        empty = {
            "open_cases": 0,
            "households": 0,
            "registered": 0,
            "investigating": 0,
            "plan_active": 0,
            "evaluating": 0,
        }
        rows = [
            {
                "worker": worker,
                **by_worker.get(worker.pk, empty),
                "overdue": overdue.get(worker.pk, 0),
            }
            for worker in workers
        ]
        # Coordinators who left the user's teams still hold cases there: show them too.
        known = {worker.pk for worker in workers}
        left = [pk for pk in by_worker if pk is not None and pk not in known]
        if whole_team and left:
            for worker in User.objects.filter(pk__in=left).order_by("last_name", "first_name"):
                rows.append(
                    {"worker": worker, **by_worker[worker.pk], "overdue": overdue.get(worker.pk, 0)}
                )
        if whole_team and None in by_worker:
            rows.append({"worker": None, **by_worker[None], "overdue": overdue.get(None, 0)})
        ctx["rows"] = rows
        if whole_team:
            teams = {t.pk: t for t in Team.objects.filter(pk__in=team_ids)}
            ctx["team_rows"] = [
                {**row, "team": teams[row["team"]]}
                for row in cases.caseload_by_team()
                if row["team"] in teams
            ]
        ctx["whole_team"] = whole_team
        return ctx
