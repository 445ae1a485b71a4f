"""Pages of the oversight app: break the glass (workers), the grants to review and the access
review (quality staff; functioneel beheer reads)."""

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from wijkteam.core.models import AccessLogEntry
from wijkteam.core.views import DeclaredPermissionMixin, add_service_error
from wijkteam.oversight import services
from wijkteam.oversight.accessreview import access_review
from wijkteam.oversight.forms import AccessReviewForm, BreakGlassForm, GrantFilterForm, ReviewForm
from wijkteam.oversight.models import BreakGlassGrant
from wijkteam.oversight.workflow import ReviewStatus, allowed_targets

ENTRY_LIMIT = 200


def access_log_url(*, person: str = "", resident=None, first=None, last=None) -> str:
    """The access-log search, filtered (the drill-down of every finding)."""
    params = {"person": person}
    if resident:
        params["resident"] = resident
    if first:
        params["date_from"] = first.isoformat()
    if last:
        params["date_to"] = last.isoformat()
    return f"{reverse('core:access-log')}?{urlencode(params)}"


class BreakGlassView(DeclaredPermissionMixin, FormView):
    """Open a file outside the own teams: an exact term, a category and a reason.

    Nothing of the file is shown before the grant exists; bad input gets Dutch messages and
    saves nothing. ``?q=`` fills in the term from the resident search.
    """

    permission_required = ("oversight.break_glass", "residents.view_resident")
    form_class = BreakGlassForm
    template_name = "oversight/break_glass.html"

    def get_initial(self):
        return {"term": self.request.GET.get("q", "")[:100]}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": settings.BREAK_GLASS_HOURS}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            grant = services.break_glass(
                actor=self.request.user,
                term=data["term"],
                category=data["category"],
                reason=data["reason"],
                request=self.request,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.warning(
            self.request,
            _(
                "You have access to this file until %(until)s. This break-the-glass is recorded "
                "and will be reviewed by quality staff."
            )
            % {"until": date_format(timezone.localtime(grant.expires_at), "j F Y H:i")},
        )
        return redirect("residents:resident-detail", pk=grant.resident_id)


class GrantListView(DeclaredPermissionMixin, ListView):
    """The grants to review (default) or all, filtered; with the to-do counts."""

    permission_required = ("oversight.view_breakglassgrant",)
    template_name = "oversight/grant_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = GrantFilterForm(self.request.GET or None)
        qs = (
            BreakGlassGrant.objects.visible_for(self.request.user)
            .with_review_status()
            .select_related("user", "resident_team")
            .order_by("-granted_at", "-id")
        )
        return self.filter_form.filter(qs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["todo"] = (
            BreakGlassGrant.objects.visible_for(self.request.user)
            .with_review_status()
            .aggregate(
                unreviewed=Count("id", filter=Q(review_status=ReviewStatus.UNREVIEWED)),
                follow_up=Count("id", filter=Q(review_status=ReviewStatus.NEEDS_FOLLOW_UP)),
            )
        )
        ctx["now"] = timezone.now()
        ctx["today"] = timezone.localdate()
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx["querystring_without_page"] = params.urlencode() + "&" if params else ""
        return ctx


class GrantMixin:
    @cached_property
    def grant(self):
        return get_object_or_404(
            BreakGlassGrant.objects.visible_for(self.request.user)
            .with_review_status()
            .select_related("user", "resident_team"),
            pk=self.kwargs["pk"],
        )

    def can_review(self) -> bool:
        user = self.request.user
        return (
            user.has_perm("oversight.add_breakglassreview")
            and self.grant.user_id != user.pk
            and bool(allowed_targets(self.grant.review_status))
        )


class GrantDetailView(DeclaredPermissionMixin, GrantMixin, DetailView):
    """One grant: the facts, what was viewed under it, the review history and the review form."""

    permission_required = ("oversight.view_breakglassgrant",)
    template_name = "oversight/grant_detail.html"
    context_object_name = "grant"

    def get_object(self, queryset=None):
        return self.grant

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        grant = self.grant
        ctx["reviews"] = grant.reviews.select_related("reviewer").order_by("reviewed_at", "id")
        ctx["entries"] = list(
            AccessLogEntry.objects.filter(
                user_id=grant.user_id,
                resident_id=grant.resident_id,
                at__gte=grant.granted_at,
                at__lt=grant.expires_at,
            ).order_by("at", "id")[:ENTRY_LIMIT]
        )
        ctx["entry_limit"] = ENTRY_LIMIT
        ctx["access_log_url"] = access_log_url(
            person=grant.user.username,
            resident=grant.resident_id,
            first=timezone.localdate(grant.granted_at),
            last=timezone.localdate(grant.expires_at),
        )
        ctx["is_active"] = grant.is_active()
        if self.can_review():
            ctx["review_form"] = ReviewForm(status=grant.review_status)
        ctx["own_grant"] = grant.user_id == self.request.user.pk
        return ctx


class GrantReviewView(DeclaredPermissionMixin, GrantMixin, FormView):
    """Record a review (append-only): outcome and note."""

    permission_required = ("oversight.view_breakglassgrant", "oversight.add_breakglassreview")
    form_class = ReviewForm
    template_name = "oversight/grant_review.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "status": self.grant.review_status}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["grant"] = self.grant
        ctx["can_review"] = self.can_review()
        return ctx

    def form_valid(self, form):
        try:
            services.review_grant(
                actor=self.request.user,
                grant=self.grant,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The review has been recorded."))
        return redirect("oversight:grant-detail", pk=self.grant.pk)


class AccessReviewMixin:
    def review(self):
        self.filter_form = AccessReviewForm(self.request.GET or None)
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            return None
        return access_review(self.filter_form.period())


class AccessReviewView(DeclaredPermissionMixin, AccessReviewMixin, TemplateView):
    """Unusual access in a period, per rule, with counts and links to the access log."""

    permission_required = ("oversight.view_access_review",)
    template_name = "oversight/access_review.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        review = self.review()
        ctx["filter_form"] = self.filter_form
        ctx["review"] = review
        if review is not None:
            period = review.period
            for row in review.bursts:
                row["url"] = access_log_url(
                    person=row["username"], first=row["day"], last=row["day"]
                )
            for row in review.out_of_team + review.off_hours:
                row["url"] = access_log_url(
                    person=row["username"], first=period.first, last=period.last
                )
            ctx["export_url"] = (
                reverse("oversight:access-review-export") + "?" + self.request.GET.urlencode()
            )
            ctx["todo_count"] = BreakGlassGrant.objects.open_for_review().count()
        return ctx


class AccessReviewExportView(DeclaredPermissionMixin, AccessReviewMixin, TemplateView):
    """The findings of the access review as CSV (one row per finding)."""

    permission_required = ("oversight.view_access_review",)

    def get(self, request, *args, **kwargs):
        review = self.review()
        if review is None:
            return redirect(reverse("oversight:access-review") + "?" + request.GET.urlencode())
        period = review.period
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="inzagecontrole-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"'
        )
        writer = csv.writer(response, lineterminator="\r\n")
        writer.writerow(
            [
                _("finding"),
                _("user name"),
                _("name"),
                _("from"),
                _("until"),
                _("count"),
                _("detail"),
            ]
        )
        local = timezone.localtime
        for row in review.bursts:
            writer.writerow(
                [
                    _("Many residents in a short time"),
                    row["username"],
                    row["name"],
                    local(row["first_at"]).isoformat(timespec="minutes"),
                    local(row["last_at"]).isoformat(timespec="minutes"),
                    row["peak"],
                    _("peak of distinct residents in %(minutes)d minutes")
                    % {"minutes": review.rules.burst_minutes},
                ]
            )
        for grant in review.grants:
            writer.writerow(
                [
                    _("Break-the-glass"),
                    grant.user.username,
                    grant.user.display_name,
                    local(grant.granted_at).isoformat(timespec="minutes"),
                    local(grant.expires_at).isoformat(timespec="minutes"),
                    grant.entries,
                    f"#{grant.pk} {grant.get_category_display()}; "
                    f"{ReviewStatus(grant.review_status).label}",
                ]
            )
        for row in review.unexplained_out_of_team:
            writer.writerow(
                [
                    _("Outside the own teams without break-the-glass or share"),
                    row["username"],
                    row["name"],
                    local(row["first_at"]).isoformat(timespec="minutes"),
                    local(row["last_at"]).isoformat(timespec="minutes"),
                    row["unexplained"],
                    _("%(n)d distinct residents") % {"n": row["unexplained_residents"]},
                ]
            )
        for row in review.off_hours:
            writer.writerow(
                [
                    _("Outside working hours"),
                    row["username"],
                    row["name"],
                    local(row["first_at"]).isoformat(timespec="minutes"),
                    local(row["last_at"]).isoformat(timespec="minutes"),
                    row["entries"],
                    _("weekend %(w)d, holiday %(h)d, early or late %(e)d")
                    % {"w": row["weekend"], "h": row["holiday"], "e": row["early_late"]},
                ]
            )
        return response
