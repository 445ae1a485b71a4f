"""Pages for the AVG rights: inzage, rectification, restriction, change history and the
municipality's monitoring export. (Retention pages live in ``retention_views.py``.)

Every page about a resident fetches the resident through ``visible_for`` (out of scope: 404)
and writes the access log; every write goes through the services in ``inzage.py``,
``rectification.py``, ``restriction.py`` and ``exports.py``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.generic import DetailView, FormView, ListView, TemplateView

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.views import AccessLoggedDetailMixin, DeclaredPermissionMixin, add_service_error
from wijkteam.privacy import exports, inzage, rectification, restriction
from wijkteam.privacy.forms import (
    ExportForm,
    InzageForm,
    InzageListFilterForm,
    LiftRestrictionForm,
    RectificationDecisionForm,
    RectificationListFilterForm,
    RectificationRequestForm,
    RestrictionForm,
)
from wijkteam.privacy.models import InzageRequest, ProcessingRestriction, RectificationRequest
from wijkteam.residents.models import Resident


class ResidentPageMixin:
    """A page about one resident, fetched through the user's scope and access-logged."""

    access_context = ""

    @cached_property
    def resident(self):
        resident = get_object_or_404(
            Resident.objects.visible_for(self.request.user).select_related("team"),
            pk=self.kwargs["pk"],
        )
        record_access(
            user=self.request.user,
            resident_ids=[resident.pk],
            action=AccessAction.VIEW,
            context=str(self.access_context or self.request.resolver_match.view_name),
            request=self.request,
        )
        return resident

    def resident_url(self):
        return reverse("residents:resident-detail", args=[self.resident.pk])

    def page_context(self, ctx, title, intro="", submit=None):
        ctx["resident"] = self.resident
        ctx["page_title"] = title % {"name": self.resident.full_name}
        ctx["intro"] = intro
        ctx["cancel_url"] = self.resident_url()
        if submit:
            ctx["submit_label"] = submit
        return ctx


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


# --------------------------------------------------------------------------- inzage


class InzageCreateView(DeclaredPermissionMixin, ResidentPageMixin, FormView):
    """One click produces the PDF and the JSON; the result page offers both downloads."""

    permission_required = ("privacy.produce_inzage",)
    form_class = InzageForm
    template_name = "components/form_page.html"
    access_context = gettext_lazy("Inzage form")

    def get_initial(self):
        return {"requested_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return self.page_context(
            super().get_context_data(**kwargs),
            _("Inzage for %(name)s"),
            _(
                "Produces everything recorded about this resident in one step: a PDF to hand "
                "over and a machine-readable JSON file, including who changed and who looked at "
                "the file. Read the PDF before you hand it over: remove nothing, but check "
                "that free text does not reveal other people's data."
            ),
            submit=_("Produce the inzage (PDF and JSON)"),
        )

    def form_valid(self, form):
        try:
            made = inzage.produce_inzage(
                actor=self.request.user,
                resident=self.resident,
                requested_on=form.cleaned_data["requested_on"],
                note=form.cleaned_data["note"],
                request=self.request,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The inzage has been produced. Download the PDF and the JSON below."),
        )
        return redirect("privacy:inzage-detail", pk=made.pk)


class InzageScopedMixin:
    def get_queryset(self):
        return (
            InzageRequest.objects.visible_for(self.request.user)
            .select_related("resident", "team", "produced_by")
            .defer("pdf", "json")
        )


class InzageDetailView(DeclaredPermissionMixin, InzageScopedMixin, DetailView):
    permission_required = ("privacy.view_inzagerequest",)
    template_name = "privacy/inzage_detail.html"
    context_object_name = "inzage"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        record_access(
            user=self.request.user,
            resident_ids=[obj.resident_number],
            action=AccessAction.VIEW,
            context=_("Inzage record"),
            request=self.request,
        )
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["may_download"] = (
            obj.produced_by_id == self.request.user.pk
            and self.request.user.has_perm("privacy.produce_inzage")
            and obj.is_downloadable()
        )
        return ctx


class InzageDownloadView(DeclaredPermissionMixin, InzageScopedMixin, DetailView):
    permission_required = ("privacy.produce_inzage",)

    def get(self, request, *args, **kwargs):
        file_format = kwargs["file_format"]
        if file_format not in ("pdf", "json"):
            raise Http404
        obj = get_object_or_404(self.get_queryset().defer(None), pk=kwargs["pk"])
        try:
            data = inzage.open_download(
                actor=request.user, inzage=obj, file_format=file_format, request=request
            )
        except inzage.DownloadRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        content_type = "application/pdf" if file_format == "pdf" else "application/json"
        response = HttpResponse(data, content_type=content_type)
        filename = f"inzage-{obj.resident_number}-{timezone.localtime(obj.produced_at):%Y%m%d-%H%M}"
        response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
        response["Cache-Control"] = "no-store"
        return response


class InzageListView(DeclaredPermissionMixin, InzageScopedMixin, ListView):
    """Inzages produced for residents in scope, newest first; filter by resident or own."""

    permission_required = ("privacy.view_inzagerequest",)
    template_name = "privacy/inzage_list.html"
    paginate_by = 25

    def get_queryset(self):
        qs = super().get_queryset()
        self.filter_form = InzageListFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["resident"]:
                qs = qs.filter(resident_number=data["resident"])
            if data["mine"]:
                qs = qs.filter(produced_by=self.request.user)
        return qs.order_by("-produced_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        shown = ctx["object_list"]
        record_access(
            user=self.request.user,
            resident_ids=[i.resident_number for i in shown],
            action=AccessAction.LIST,
            context=_("Inzage list"),
            request=self.request,
        )
        ctx["filter_form"] = self.filter_form
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        ctx["now"] = timezone.now()
        return ctx


# --------------------------------------------------------------------------- rectification


class RectificationCreateView(DeclaredPermissionMixin, ResidentPageMixin, FormView):
    permission_required = ("privacy.add_rectificationrequest",)
    form_class = RectificationRequestForm
    template_name = "components/form_page.html"
    access_context = gettext_lazy("Rectification request form")

    def get_initial(self):
        return {"requested_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return self.page_context(
            super().get_context_data(**kwargs),
            _("Request to correct the data of %(name)s"),
            _(
                "Record what the resident says is wrong. The answer is due within one month. "
                "Correct the data through the resident's edit page; the teammanager then "
                "records the decision."
            ),
            submit=_("Record the request"),
        )

    def form_valid(self, form):
        try:
            made = rectification.record_rectification_request(
                actor=self.request.user, resident=self.resident, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The request has been recorded. Answer by %(date)s.")
            % {"date": made.respond_by.strftime("%d-%m-%Y")},
        )
        return redirect("privacy:rectification-detail", pk=made.pk)


class RectificationScopedMixin:
    def get_queryset(self):
        return RectificationRequest.objects.visible_for(self.request.user).select_related(
            "resident", "recorded_by", "decided_by"
        )


class RectificationDetailView(
    DeclaredPermissionMixin, RectificationScopedMixin, AccessLoggedDetailMixin, DetailView
):
    permission_required = ("privacy.view_rectificationrequest",)
    template_name = "privacy/rectification_detail.html"
    context_object_name = "rectification"
    access_context = gettext_lazy("Rectification request")

    def resident_ids_for_log(self, obj):
        return [obj.resident_id]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["transitions"] = self.object.transitions.select_related("actor").order_by("at", "id")
        ctx["can_decide"] = (
            self.request.user.has_perm("privacy.decide_rectificationrequest")
            and self.object.state == "open"
        )
        ctx["today"] = timezone.localdate()
        return ctx


class RectificationDecideView(DeclaredPermissionMixin, FormView):
    permission_required = ("privacy.decide_rectificationrequest",)
    form_class = RectificationDecisionForm
    template_name = "components/form_page.html"

    @cached_property
    def rectification(self):
        obj = get_object_or_404(
            RectificationRequest.objects.visible_for(self.request.user).select_related("resident"),
            pk=self.kwargs["pk"],
        )
        record_access(
            user=self.request.user,
            resident_ids=[obj.resident_id],
            action=AccessAction.VIEW,
            context=_("Rectification decision"),
            request=self.request,
        )
        return obj

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request_obj": self.rectification}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.rectification
        ctx["page_title"] = _("Decide on the request of %(name)s") % {
            "name": obj.resident.full_name
        }
        ctx["intro"] = _("What is wrong: %(what)s") % {"what": obj.what_is_wrong}
        ctx["cancel_url"] = reverse("privacy:rectification-detail", args=[obj.pk])
        ctx["submit_label"] = _("Record the decision")
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            done = rectification.transition_rectification(
                self.rectification,
                data["to"],
                actor=self.request.user,
                reason=data["reason"],
                on=data["on"],
                expected_version=data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The request is now “%(state)s”.") % {"state": done.get_state_display()},
        )
        return redirect("privacy:rectification-detail", pk=done.pk)


class RectificationListView(DeclaredPermissionMixin, RectificationScopedMixin, ListView):
    """Rectification requests in scope; open ones first by answer date."""

    permission_required = ("privacy.view_rectificationrequest",)
    template_name = "privacy/rectification_list.html"
    paginate_by = 25

    def get_queryset(self):
        qs = super().get_queryset()
        self.filter_form = RectificationListFilterForm(self.request.GET or None)
        state = "open"
        if self.filter_form.is_bound and self.filter_form.is_valid():
            state = self.filter_form.cleaned_data["state"]
        if state:
            qs = qs.filter(state=state)
        self.state = state
        return (
            qs.order_by("respond_by", "id")
            if state == "open"
            else qs.order_by("-requested_on", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record_access(
            user=self.request.user,
            resident_ids=[r.resident_id for r in ctx["object_list"]],
            action=AccessAction.LIST,
            context=_("Rectification requests"),
            request=self.request,
        )
        ctx["filter_form"] = self.filter_form
        ctx["state"] = self.state
        ctx["today"] = timezone.localdate()
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        return ctx


class ResidentHistoryView(DeclaredPermissionMixin, ResidentPageMixin, TemplateView):
    """Every change to the resident record from the audit trail: who (role and team),
    when, field, old and new value. Paginated by audit entry."""

    permission_required = ("residents.view_resident",)
    template_name = "privacy/resident_history.html"
    access_context = gettext_lazy("Change history of the resident")
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paginator = Paginator(rectification.resident_log_entries(self.resident), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        ctx["resident"] = self.resident
        ctx["page_obj"] = page
        ctx["is_paginated"] = page.has_other_pages()
        ctx["changes"] = rectification.describe_resident_changes(page.object_list)
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        return ctx


# --------------------------------------------------------------------------- restriction


class RestrictionCreateView(DeclaredPermissionMixin, ResidentPageMixin, FormView):
    permission_required = ("privacy.restrict_processing",)
    form_class = RestrictionForm
    template_name = "components/form_page.html"
    access_context = gettext_lazy("Restriction of processing")

    def get_context_data(self, **kwargs):
        return self.page_context(
            super().get_context_data(**kwargs),
            _("Restrict the processing of the data of %(name)s"),
            _(
                "While the restriction holds, the file is kept and support goes on, but the "
                "resident is left out of every figure, report and export, and the file cannot "
                "be shared (AVG article 18)."
            ),
            submit=_("Restrict processing"),
        )

    def form_valid(self, form):
        try:
            restriction.restrict_processing(
                actor=self.request.user, resident=self.resident, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The processing of this resident's data is restricted."))
        return redirect(self.resident_url())


class RestrictionLiftView(DeclaredPermissionMixin, ResidentPageMixin, FormView):
    permission_required = ("privacy.restrict_processing",)
    form_class = LiftRestrictionForm
    template_name = "components/form_page.html"
    access_context = gettext_lazy("Lifting a restriction of processing")

    @cached_property
    def current(self):
        return ProcessingRestriction.objects.filter(
            resident=self.resident, lifted_at__isnull=True
        ).first()

    def get(self, request, *args, **kwargs):
        if self.current is None:
            messages.info(request, _("Processing of this resident is not restricted."))
            return redirect(self.resident_url())
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.current.version if self.current else 0}

    def get_context_data(self, **kwargs):
        return self.page_context(
            super().get_context_data(**kwargs),
            _("Lift the restriction of %(name)s"),
            _("Restricted since %(since)s: %(reason)s")
            % {
                "since": timezone.localtime(self.current.started_at).strftime("%d-%m-%Y")
                if self.current
                else "—",
                "reason": self.current.reason if self.current else "",
            },
            submit=_("Lift the restriction"),
        )

    def form_valid(self, form):
        try:
            restriction.lift_restriction(
                actor=self.request.user,
                resident=self.resident,
                reason=form.cleaned_data["lift_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The restriction has been lifted."))
        return redirect(self.resident_url())


# --------------------------------------------------------------------------- export


# The main-menu label of the export (core/context_processors.py), kept in this catalogue.
MENU_LABEL = gettext_noop("Monitoring export")


class MonitoringExportView(DeclaredPermissionMixin, FormView):
    """The municipality downloads pseudonymised case-level monitoring data (CSV or JSON)."""

    permission_required = ("privacy.export_monitoring",)
    form_class = ExportForm
    template_name = "privacy/export_form.html"

    def get_initial(self):
        period = exports.ExportPeriod.year_to_date()
        return {"period_from": period.start, "period_to": period.end, "file_format": "csv"}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["columns"] = exports.COLUMNS
        ctx["threshold"] = exports.settings.SMALL_NUMBER_THRESHOLD
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        period = exports.ExportPeriod(data["period_from"], data["period_to"])
        try:
            _export, content = exports.produce_export(
                actor=self.request.user,
                period=period,
                file_format=data["file_format"],
                request=self.request,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        file_format = data["file_format"]
        content_type = "text/csv; charset=utf-8" if file_format == "csv" else "application/json"
        response = HttpResponse(content, content_type=content_type)
        name = f"monitoring-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


# --------------------------------------------------------------------------- resident page


def resident_privacy_context(resident, user) -> dict:
    """What the resident page shows about the AVG rights: the restriction banner, open
    rectification requests, the latest changes to the personal data and earlier inzages.
    A fixed number of queries."""
    ctx = {
        "privacy_restriction_by": None,
        "privacy_can_restrict": user.has_perm("privacy.restrict_processing"),
        "privacy_can_inzage": user.has_perm("privacy.produce_inzage"),
        "privacy_can_rectify": user.has_perm("privacy.add_rectificationrequest"),
        "privacy_rectifications": [],
        "privacy_inzages": [],
        "privacy_changes": rectification.resident_change_history(resident, limit=5),
        "today": timezone.localdate(),
    }
    if resident.processing_restricted:
        directory = inzage.StaffDirectory([resident.processing_restricted_by_id or 0])
        _value, text = directory.describe(inzage.StaffRef(resident.processing_restricted_by_id))
        ctx["privacy_restriction_by"] = text
    if user.has_perm("privacy.view_rectificationrequest"):
        ctx["privacy_rectifications"] = list(
            RectificationRequest.objects.filter(resident=resident).order_by("-requested_on", "-id")[
                :5
            ]
        )
    if user.has_perm("privacy.view_inzagerequest"):
        ctx["privacy_inzages"] = list(
            InzageRequest.objects.filter(resident=resident)
            .defer("pdf", "json")
            .order_by("-produced_at", "-id")[:5]
        )
    return ctx
