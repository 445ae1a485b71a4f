"""Pages of the retention part: run reports (with a dry-run button and a CSV download) and
legal holds. Run reports hold metadata only (numbers, teams, frameworks, dates, counts)."""

import csv

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from wijkteam.core.views import DeclaredPermissionMixin, add_service_error
from wijkteam.privacy.models import (
    LegalHold,
    RetentionOutcome,
    RetentionRun,
    RetentionTrigger,
    TombstoneAction,
)
from wijkteam.privacy.retention import apply_retention
from wijkteam.privacy.retention_forms import (
    HoldFilterForm,
    ItemFilterForm,
    LegalHoldForm,
    LiftLegalHoldForm,
    RunFilterForm,
)
from wijkteam.privacy.retention_holds import lift_legal_hold, place_legal_hold


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def rows_summary(counts: dict) -> list[tuple[str, str, int]]:
    """(kind of record, action, number) for the run's counts, with readable names."""
    actions = dict(TombstoneAction.choices)
    summary = []
    for label, per_action in sorted(counts.get("rows", {}).items()):
        try:
            name = str(apps.get_model(label)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            name = label
        for action, n in sorted(per_action.items()):
            summary.append((name, str(actions.get(action, action)), n))
    return summary


def kept_links_summary(counts: dict) -> list[tuple[str, int]]:
    result = []
    for label, n in sorted(counts.get("kept_links", {}).items()):
        try:
            name = str(apps.get_model(label)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            name = label
        result.append((name, n))
    return result


class RetentionRunListView(DeclaredPermissionMixin, ListView):
    permission_required = ("privacy.view_retentionrun",)
    template_name = "privacy/retention_run_list.html"
    context_object_name = "runs"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = RunFilterForm(self.request.GET or None)
        qs = RetentionRun.objects.visible_for(self.request.user).select_related("started_by")
        if self.filter_form.is_valid():
            kind = self.filter_form.cleaned_data["kind"]
            if kind == "real":
                qs = qs.real()
            elif kind == "dry":
                qs = qs.dry()
        return qs.order_by("-started_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        ctx["can_preview"] = self.request.user.has_perm("privacy.preview_retention")
        ctx["outcome"] = RetentionOutcome
        return ctx


class RetentionDryRunView(DeclaredPermissionMixin, View):
    """The dry-run button: plans the retention rules for today and shows what would go."""

    permission_required = ("privacy.preview_retention",)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        run = apply_retention(actor=request.user, dry_run=True, trigger=RetentionTrigger.SCREEN)
        messages.success(
            request, _("Dry run finished: nothing has been changed. This is what would go.")
        )
        return redirect("privacy:retention-run-detail", pk=run.pk)


class RetentionRunDetailView(DeclaredPermissionMixin, ListView):
    """One run's report: the counts and, per case or file, what happened (or would)."""

    permission_required = ("privacy.view_retentionrun",)
    template_name = "privacy/retention_run_detail.html"
    context_object_name = "items"
    paginate_by = 50

    def get_queryset(self):
        self.run = get_object_or_404(
            RetentionRun.objects.visible_for(self.request.user).select_related("started_by"),
            pk=self.kwargs["pk"],
        )
        self.filter_form = ItemFilterForm(self.request.GET or None)
        return _items(self.run, self.filter_form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        run = self.run
        ctx.update(
            run=run,
            filter_form=self.filter_form,
            querystring_without_page=_querystring_without_page(self.request),
            rows_summary=rows_summary(run.counts),
            kept_links=kept_links_summary(run.counts),
            outcome=RetentionOutcome,
            totals=[(label, run.count(value)) for value, label in RetentionOutcome.choices],
            can_hold=self.request.user.has_perm("privacy.set_legal_hold"),
        )
        return ctx


def _items(run, filter_form):
    qs = run.lines.select_related("team").order_by("id")
    if filter_form.is_valid() and filter_form.cleaned_data["outcome"]:
        qs = qs.filter(outcome=filter_form.cleaned_data["outcome"])
    return qs


class RetentionRunExportView(DeclaredPermissionMixin, View):
    """The run's report as CSV (semicolon-separated, as Dutch spreadsheets expect)."""

    permission_required = ("privacy.view_retentionrun",)

    COLUMNS = (
        gettext_lazy("run"),
        gettext_lazy("dry run"),
        gettext_lazy("kind"),
        gettext_lazy("number"),
        gettext_lazy("resident number"),
        gettext_lazy("team"),
        gettext_lazy("legal framework"),
        gettext_lazy("closed on"),
        gettext_lazy("kept until"),
        gettext_lazy("outcome"),
        gettext_lazy("retention rule"),
        gettext_lazy("rows affected"),
    )

    def get(self, request, pk):
        run = get_object_or_404(RetentionRun.objects.visible_for(request.user), pk=pk)
        items = _items(run, ItemFilterForm(request.GET or None))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bewaartermijnen-run-{run.pk}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(c) for c in self.COLUMNS])
        yes, no = _("yes"), _("no")
        for item in items.iterator(chunk_size=2000):
            writer.writerow(
                [
                    run.pk,
                    yes if run.dry_run else no,
                    item.get_unit_display(),
                    item.object_id,
                    item.resident_number,
                    item.team.name if item.team else "",
                    item.legal_framework_display,
                    item.closed_on.isoformat() if item.closed_on else "",
                    item.retention_until.isoformat() if item.retention_until else "",
                    item.get_outcome_display(),
                    item.rule,
                    item.rows_total,
                ]
            )
        return response


class LegalHoldListView(DeclaredPermissionMixin, ListView):
    permission_required = ("privacy.view_legalhold",)
    template_name = "privacy/retention_legal_hold_list.html"
    context_object_name = "holds"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = HoldFilterForm(self.request.GET or None)
        qs = LegalHold.objects.visible_for(self.request.user).select_related(
            "case__team", "placed_by", "lifted_by"
        )
        state = self.filter_form.cleaned_data["state"] if self.filter_form.is_valid() else ""
        if state == "lifted":
            qs = qs.filter(lifted_at__isnull=False)
        elif state != "all":
            qs = qs.filter(lifted_at__isnull=True)
        return qs.order_by("-placed_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["querystring_without_page"] = _querystring_without_page(self.request)
        ctx["can_hold"] = self.request.user.has_perm("privacy.set_legal_hold")
        ctx["today"] = timezone.localdate()
        return ctx


class LegalHoldCreateView(DeclaredPermissionMixin, FormView):
    permission_required = ("privacy.set_legal_hold",)
    template_name = "components/form_page.html"
    form_class = LegalHoldForm

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("case", "").isdigit():
            initial["case"] = int(self.request.GET["case"])
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=_("Place a legal hold"),
            intro=_(
                "While a legal hold is active, the support case and the resident's file are "
                "kept after their retention date. The hold is recorded in the audit trail."
            ),
            submit_label=_("Place the hold"),
            cancel_url=reverse("privacy:legal-hold-list"),
        )
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            hold = place_legal_hold(
                actor=self.request.user,
                case_id=data["case"],
                reason=data["reason"],
                until=data["until"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Case %(number)s is kept until the hold is lifted.") % {"number": hold.case_id}
            if hold.until is None
            else _("Case %(number)s is kept at least until %(date)s.")
            % {"number": hold.case_id, "date": hold.until.strftime("%d-%m-%Y")},
        )
        return redirect("privacy:legal-hold-list")


class LegalHoldLiftView(DeclaredPermissionMixin, FormView):
    permission_required = ("privacy.set_legal_hold",)
    template_name = "components/form_page.html"
    form_class = LiftLegalHoldForm

    @cached_property
    def hold(self):
        return get_object_or_404(
            LegalHold.objects.visible_for(self.request.user).filter(lifted_at__isnull=True),
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        self.hold  # noqa: B018 - 404 before the form is shown
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.hold.version}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=_("Lift the legal hold on case %(number)s") % {"number": self.hold.case_id},
            intro=_(
                "After lifting, the case follows the retention rules again: when its retention "
                "date has passed, the next run anonymises it."
            ),
            submit_label=_("Lift the hold"),
            cancel_url=reverse("privacy:legal-hold-list"),
        )
        return ctx

    def form_valid(self, form):
        try:
            lift_legal_hold(
                actor=self.request.user,
                hold=self.hold,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The legal hold has been lifted."))
        return redirect("privacy:legal-hold-list")
