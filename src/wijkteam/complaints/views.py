"""Pages of complaints: the public complaint form (no account), the staff register, lists,
the complaint page with its workflow steps, and the categories (master data).

Every complaint is fetched through ``Complaint.objects.visible_for`` (out of scope: 404);
writes go through ``complaints/services.py``; a page that shows a complaint linked to a
resident writes the access log for that resident.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from django_ratelimit.core import is_ratelimited

from wijkteam.complaints import services, workflow
from wijkteam.complaints.forms import (
    CategoryForm,
    ComplaintFilterForm,
    ComplaintForm,
    DueFilterForm,
    ExtensionForm,
    HandlingForm,
    PublicComplaintForm,
    TransitionForm,
)
from wijkteam.complaints.models import Complaint, ComplaintCategory
from wijkteam.complaints.querysets import DUE_SOON_DAYS
from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.views import DeclaredPermissionMixin, VersionedSaveMixin, add_service_error
from wijkteam.organisation.views import (
    MasterDataCreateView,
    MasterDataListView,
    MasterDataUpdateView,
)
from wijkteam.residents.models import Resident
from wijkteam.residents.scoping import can_see_residents

PUBLIC_REFERENCE_KEY = "complaints_public_reference"
LIST_RELATED = ("team", "category", "handler")


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def _log_residents(request, complaints, action: str, context: str) -> None:
    record_access(
        user=request.user,
        resident_ids=[c.resident_id for c in complaints if c.resident_id],
        action=action,
        context=context,
        request=request,
    )


def improvement_plan_url(user, complaint: Complaint) -> str | None:
    """The link to start an improvement plan from this complaint, when that page exists and
    the user may use it (the improvements app is built separately)."""
    if not user.has_perm("improvements.add_improvementplan"):
        return None
    try:
        url = reverse("improvements:plan-create")
    except NoReverseMatch:
        return None
    return f"{url}?origin=complaints.complaint:{complaint.pk}"


# --- The public form --------------------------------------------------------------------------


def _public_rate(group, request) -> str:
    return settings.COMPLAINT_PUBLIC_RATE


class PublicComplaintView(FormView):
    """The complaint form for residents, without an account.

    Rate limited per address (``COMPLAINT_PUBLIC_RATE``, answered with 429 and a Dutch page),
    CSRF-protected, every field and the whole body size-limited, with a honeypot. It never
    looks anything up: the acknowledgement shows only the new reference number.
    """

    template_name = "complaints/public_form.html"
    form_class = PublicComplaintForm

    def post(self, request, *args, **kwargs):
        if is_ratelimited(
            request,
            group="complaints.public_form",
            key="ip",
            rate=_public_rate,
            method="POST",
            increment=True,
        ):
            return render(request, "complaints/public_limited.html", status=429)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = settings.COMPLAINT_PUBLIC_MAX_BYTES + 1
        if length > settings.COMPLAINT_PUBLIC_MAX_BYTES:
            return render(request, "complaints/public_too_large.html", status=413)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["acknowledge_days"] = settings.COMPLAINT_ACKNOWLEDGE_WORKING_DAYS
        ctx["decision_weeks"] = settings.COMPLAINT_DECISION_WEEKS
        return ctx

    def form_valid(self, form):
        try:
            complaint = services.submit_public_complaint(complaint=form.complaint())
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        self.request.session[PUBLIC_REFERENCE_KEY] = complaint.reference
        return redirect("complaints:complaint-public-thanks")


class PublicComplaintThanksView(TemplateView):
    """The acknowledgement: the reference number from this browser's own submission (kept in
    its session for one view), nothing else. There is no way to look a complaint up."""

    template_name = "complaints/public_thanks.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reference"] = self.request.session.pop(PUBLIC_REFERENCE_KEY, None)
        ctx["acknowledge_days"] = settings.COMPLAINT_ACKNOWLEDGE_WORKING_DAYS
        ctx["decision_weeks"] = settings.COMPLAINT_DECISION_WEEKS
        return ctx


# --- Staff pages ------------------------------------------------------------------------------


class ComplaintMixin:
    """The complaint named in the URL, through the user's scope (404 outside it)."""

    access_context = gettext_lazy("Complaint")

    @cached_property
    def complaint(self) -> Complaint:
        return get_object_or_404(
            Complaint.objects.visible_for(self.request.user).select_related(
                "team", "category", "handler", "registered_by", "resident"
            ),
            pk=self.kwargs["pk"],
        )

    def log_access(self) -> None:
        _log_residents(self.request, [self.complaint], AccessAction.VIEW, str(self.access_context))

    def complaint_url(self, anchor: str = "") -> str:
        url = reverse("complaints:complaint-detail", args=[self.complaint.pk])
        return f"{url}#{anchor}" if anchor else url


class ComplaintListView(DeclaredPermissionMixin, ListView):
    """Complaints in the user's scope, filtered by state, team, category and period."""

    permission_required = ("complaints.view_complaint",)
    template_name = "complaints/complaint_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.today = timezone.localdate()
        self.filter_form = ComplaintFilterForm(self.request.GET or None)
        qs = (
            Complaint.objects.visible_for(self.request.user)
            .select_related(*LIST_RELATED)
            .order_by("-received_on", "-id")
        )
        return self.filter_form.filter(qs, self.today)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        _log_residents(self.request, ctx["object_list"], AccessAction.LIST, _("Complaint list"))
        ctx.update(
            filter_form=self.filter_form,
            querystring_without_page=_querystring_without_page(self.request),
            today=self.today,
        )
        return ctx


class ComplaintDueView(DeclaredPermissionMixin, TemplateView):
    """Acknowledgements and decisions overdue, and what is due within a week."""

    permission_required = ("complaints.view_complaint",)
    template_name = "complaints/complaint_due.html"
    limit = 200

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = DueFilterForm(self.request.GET or None)
        team, category, on = form.values()
        base = (
            Complaint.objects.visible_for(self.request.user)
            .select_related(*LIST_RELATED)
            .order_by("decision_due_on", "id")
        )
        if team:
            base = base.filter(team=team)
        if category:
            base = base.filter(category=category)
        ack_overdue = list(
            base.acknowledgement_overdue(on).order_by("acknowledge_by", "id")[: self.limit]
        )
        decision_overdue = list(base.decision_overdue(on)[: self.limit])
        due = list(base.due_this_week(on)[: self.limit])
        for complaint in due:
            complaint.ack_due = complaint.state == "received" and complaint.acknowledge_by >= on
        _log_residents(
            self.request,
            ack_overdue + decision_overdue + due,
            AccessAction.LIST,
            _("Complaint deadlines"),
        )
        ctx.update(
            filter_form=form,
            on=on,
            week_end=on + datetime.timedelta(days=DUE_SOON_DAYS),
            ack_overdue=ack_overdue,
            decision_overdue=decision_overdue,
            due=due,
            limit=self.limit,
        )
        return ctx


class ComplaintDetailView(DeclaredPermissionMixin, ComplaintMixin, TemplateView):
    permission_required = ("complaints.view_complaint",)
    template_name = "complaints/complaint_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        complaint = self.complaint
        user = self.request.user
        today = timezone.localdate()
        self.log_access()
        can_change = user.has_perm("complaints.change_complaint")
        resident_visible = bool(
            complaint.resident_id
            and can_see_residents(user)
            and Resident.objects.visible_for(user).filter(pk=complaint.resident_id).exists()
        )
        ctx.update(
            complaint=complaint,
            today=today,
            ack_status=complaint.acknowledgement_status(today),
            decision_status=complaint.decision_status(today),
            events=complaint.events.select_related("actor", "handler").order_by("at", "id"),
            next_steps=[
                (state, workflow.action_label(complaint.state, state))
                for state in workflow.allowed_targets(complaint.state)
            ]
            if can_change
            else [],
            can_change=can_change,
            can_extend=can_change and complaint.is_undecided and not complaint.is_extended,
            can_change_handling=can_change and complaint.state in workflow.HANDLED_STATES,
            resident_visible=resident_visible,
            improvement_url=improvement_plan_url(user, complaint),
        )
        return ctx


class ComplaintCreateView(DeclaredPermissionMixin, FormView):
    """Register a complaint a staff member received by phone, e-mail, letter or in person."""

    permission_required = ("complaints.add_complaint",)
    form_class = ComplaintForm
    template_name = "components/form_page.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs.update(user=user, can_link_resident=can_see_residents(user))
        resident = self.request.GET.get("resident", "")
        if resident.isdigit() and self.request.method != "POST":
            kwargs["initial"] = {**kwargs.get("initial", {}), "resident": int(resident)}
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Register a complaint")
        ctx["intro"] = _(
            "A complaint you received by phone, e-mail, letter or in person. Residents can also "
            "use the public complaint form. Receipt must be confirmed within %(days)s working "
            "days; the decision is due within %(weeks)s weeks."
        ) % {
            "days": settings.COMPLAINT_ACKNOWLEDGE_WORKING_DAYS,
            "weeks": settings.COMPLAINT_DECISION_WEEKS,
        }
        ctx["submit_label"] = _("Register the complaint")
        ctx["cancel_url"] = reverse("complaints:complaint-list")
        return ctx

    def form_valid(self, form):
        complaint = form.save()
        try:
            services.register_complaint(actor=self.request.user, complaint=complaint)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The complaint has been registered as %(reference)s.")
            % {"reference": complaint.reference},
        )
        return redirect("complaints:complaint-detail", pk=complaint.pk)


class ComplaintFormPageMixin(DeclaredPermissionMixin, ComplaintMixin):
    """A form about one complaint on the shared form page, logged as a read of it."""

    permission_required = ("complaints.change_complaint",)
    template_name = "components/form_page.html"
    page_title = ""
    submit_label = None
    anchor = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        self.log_access()
        ctx["page_title"] = self.page_title % {"reference": self.complaint.reference}
        ctx["intro"] = self.get_intro()
        ctx["cancel_url"] = self.complaint_url(self.anchor)
        if self.submit_label:
            ctx["submit_label"] = self.submit_label
        return ctx

    def get_intro(self):
        return ""


class ComplaintUpdateView(ComplaintFormPageMixin, VersionedSaveMixin, FormView):
    form_class = ComplaintForm
    page_title = gettext_lazy("Edit complaint %(reference)s")

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "instance": self.complaint,
            "user": user,
            "can_link_resident": can_see_residents(user),
        }

    def save_versioned(self, form, expected_version):
        services.update_complaint(
            actor=self.request.user, complaint=form.save(), expected_version=expected_version
        )

    def get_success_url(self):
        return self.complaint_url()


class ComplaintTransitionView(ComplaintFormPageMixin, FormView):
    """The next step of the workflow; ``?to=<state>`` shows only that step's fields."""

    form_class = TransitionForm
    page_title = gettext_lazy("Next step for complaint %(reference)s")
    submit_label = gettext_lazy("Save this step")
    anchor = "state"

    def get_form_kwargs(self):
        wanted = self.request.GET.get("to") or self.request.POST.get("to")
        return {**super().get_form_kwargs(), "complaint": self.complaint, "to": wanted}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        targets = [value for value, _label in form.fields["to"].choices]
        if len(targets) == 1:
            label = workflow.action_label(self.complaint.state, targets[0])
            ctx["page_title"] = f"{label}: {self.complaint.reference}"
        return ctx

    def get_intro(self):
        return _("Current state: %(state)s. The step and its reason are kept in the history.") % {
            "state": self.complaint.get_state_display()
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            complaint = services.transition_complaint(
                self.complaint,
                data["to"],
                actor=self.request.user,
                on=data["on"],
                reason=data.get("reason", ""),
                handler=data.get("handler"),
                route=data.get("route", ""),
                outcome=data.get("outcome", ""),
                decision_summary=data.get("decision_summary", ""),
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Complaint %(reference)s is now “%(state)s”.")
            % {"reference": complaint.reference, "state": complaint.get_state_display()},
        )
        return redirect(self.complaint_url("state"))


class ComplaintExtendView(ComplaintFormPageMixin, FormView):
    form_class = ExtensionForm
    page_title = gettext_lazy("Extend the decision term of %(reference)s")
    submit_label = gettext_lazy("Extend the term")
    anchor = "terms"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "complaint": self.complaint}

    def get_intro(self):
        return _(
            "The decision is due on %(date)s. The term can be extended once, by %(weeks)s weeks, "
            "before it ends (Awb 9:11)."
        ) % {
            "date": self.complaint.decision_due_on.strftime("%d-%m-%Y"),
            "weeks": settings.COMPLAINT_EXTENSION_WEEKS,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            complaint = services.extend_decision_term(
                actor=self.request.user,
                complaint=self.complaint,
                reason=data["reason"],
                on=data["on"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The decision is now due on %(date)s.")
            % {"date": complaint.decision_due_on.strftime("%d-%m-%Y")},
        )
        return redirect(self.complaint_url("terms"))


class ComplaintHandlingView(ComplaintFormPageMixin, FormView):
    form_class = HandlingForm
    page_title = gettext_lazy("Handler and route of %(reference)s")
    anchor = "state"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "complaint": self.complaint}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.change_handling(
                actor=self.request.user,
                complaint=self.complaint,
                handler=data["handler"],
                route=data["route"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The handling has been changed."))
        return redirect(self.complaint_url("state"))


# --- Categories (master data) -----------------------------------------------------------------


class CategoryListView(MasterDataListView):
    change_permission = "complaints.change_complaintcategory"
    permission_required = ("complaints.view_complaintcategory",)
    template_name = "complaints/category_list.html"

    def get_queryset(self):
        return ComplaintCategory.objects.visible_for(self.request.user).order_by(
            "sort_order", "name"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("complaints.add_complaintcategory")
        return ctx


class CategoryCreateView(MasterDataCreateView):
    permission_required = ("complaints.add_complaintcategory",)
    model = ComplaintCategory
    form_class = CategoryForm
    list_url = "complaints:category-list"
    page_title = gettext_lazy("New complaint category")


class CategoryUpdateView(MasterDataUpdateView):
    permission_required = ("complaints.change_complaintcategory",)
    model = ComplaintCategory
    form_class = CategoryForm
    list_url = "complaints:category-list"
