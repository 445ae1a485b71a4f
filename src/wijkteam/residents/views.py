from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.views import (
    AccessLoggedDetailMixin,
    DeclaredPermissionMixin,
    VersionedSaveMixin,
)
from wijkteam.oversight.lookup import break_glass_offer
from wijkteam.oversight.scoping import with_break_glass
from wijkteam.oversight.services import grant_context
from wijkteam.residents import services
from wijkteam.residents.forms import (
    ConsentForm,
    ConsentWithdrawForm,
    HouseholdForm,
    HouseholdMemberForm,
    ResidentCreateForm,
    ResidentForm,
    ResidentSearchForm,
    ShareForm,
)
from wijkteam.residents.models import Consent, Household, Resident
from wijkteam.support.models import SupportCase


class ResidentScopedFormMixin:
    """A form page about one resident, fetched through the user's scope (404 outside it)."""

    @cached_property
    def resident(self):
        resident = get_object_or_404(
            Resident.objects.visible_for(self.request.user), pk=self.kwargs["pk"]
        )
        record_access(
            user=self.request.user,
            resident_ids=[resident.pk],
            action=AccessAction.VIEW,
            context=self.request.resolver_match.view_name,
            request=self.request,
        )
        return resident

    def resident_context(self, ctx, title, intro="", submit=None):
        ctx["page_title"] = title % {"name": self.resident.full_name}
        ctx["intro"] = intro
        ctx["cancel_url"] = reverse("residents:resident-detail", args=[self.resident.pk])
        if submit:
            ctx["submit_label"] = submit
        return ctx


class ResidentListView(DeclaredPermissionMixin, ListView):
    """Search residents; every resident shown is written to the access log.

    With htmx (live search) only the result table is returned.
    """

    permission_required = ("residents.view_resident",)
    paginate_by = 25

    def get_template_names(self):
        if self.request.htmx:
            return ["residents/_resident_results.html"]
        return ["residents/resident_list.html"]

    def get_queryset(self):
        self.search_form = ResidentSearchForm(self.request.GET or None)
        qs = Resident.objects.visible_for(self.request.user).select_related("team", "area")
        self.term = ""
        if self.search_form.is_valid():
            self.term = self.search_form.cleaned_data["q"]
            qs = qs.search(self.term)
        return qs.order_by("last_name", "first_name", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        shown = ctx["object_list"]
        record_access(
            user=self.request.user,
            resident_ids=[r.pk for r in shown],
            action=AccessAction.SEARCH if self.term else AccessAction.LIST,
            context=_("Resident search") if self.term else _("Resident list"),
            request=self.request,
            reason=self.term[:100],
        )
        ctx["search_form"] = self.search_form
        ctx["term"] = self.term
        # Nothing in scope, but an exact BSN or name + birth date matches a file elsewhere:
        # say so (nothing more) and offer break-the-glass (oversight app).
        ctx["break_glass_offer"] = not shown and break_glass_offer(self.request.user, self.term)
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx["querystring_without_page"] = params.urlencode() + "&" if params else ""
        return ctx


class ResidentDetailView(DeclaredPermissionMixin, AccessLoggedDetailMixin, DetailView):
    permission_required = ("residents.view_resident",)
    template_name = "residents/resident_detail.html"
    context_object_name = "resident"
    access_context = gettext_lazy("Resident file")

    def get_queryset(self):
        residents = Resident.objects.visible_for(self.request.user).select_related("team", "area")
        return with_break_glass(residents, self.request.user)

    def resident_ids_for_log(self, obj):
        # Opened by break-the-glass: the access-log entry names the grant.
        if obj.break_glass_id:
            self.access_context = f"{self.access_context} ({grant_context(obj.break_glass_id)})"
        return [obj.pk]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        resident = self.object
        ctx["memberships"] = resident.household_memberships.select_related(
            "household", "household__coordinator"
        ).prefetch_related("household__members__resident")
        ctx["cases"] = (
            SupportCase.objects.visible_for(user)
            .filter(resident=resident)
            .select_related("team", "coordinator")
        )
        ctx["shares"] = resident.shares.select_related("user", "granted_by").order_by(
            "-valid_until"
        )
        ctx["consents"] = resident.consents.select_related("recorded_by", "withdrawn_by")
        ctx["can_add_consent"] = user.has_perm("residents.add_consent")
        ctx["can_change"] = user.has_perm("residents.change_resident")
        ctx["can_share"] = user.has_perm("residents.share_resident")
        from wijkteam.privacy.views import resident_privacy_context

        ctx.update(resident_privacy_context(resident, user))  # restriction, history, inzage
        return ctx


class ResidentCreateView(DeclaredPermissionMixin, CreateView):
    """Register a resident; a possible duplicate is reported and must be confirmed."""

    permission_required = ("residents.add_resident",)
    form_class = ResidentCreateForm
    template_name = "components/form_page.html"
    extra_context = {"page_title": gettext_lazy("Register a resident")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        resident = form.save(commit=False)
        duplicates = Resident.objects.possible_duplicates_of(resident)
        if not form.cleaned_data["confirm_duplicate"] and duplicates.exists():
            visible = duplicates.visible_for(self.request.user).count()
            form.add_error(
                None,
                _(
                    "A resident with the same name, date of birth and postcode is already "
                    "registered (%(where)s). Check whether this is the same person. If it is "
                    "someone else, tick “Register anyway” and save again."
                )
                % {
                    "where": _("in your teams: search for the name")
                    if visible
                    else _("with another team: ask that team before registering")
                },
            )
            return self.form_invalid(form)
        try:
            services.register_resident(actor=self.request.user, resident=resident)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The resident has been registered."))
        return redirect("residents:resident-detail", pk=resident.pk)


class ResidentUpdateView(DeclaredPermissionMixin, VersionedSaveMixin, UpdateView):
    permission_required = ("residents.change_resident",)
    form_class = ResidentForm
    template_name = "components/form_page.html"

    def get_queryset(self):
        return Resident.objects.visible_for(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        record_access(
            user=self.request.user,
            resident_ids=[obj.pk],
            action=AccessAction.VIEW,
            context=_("Resident edit form"),
            request=self.request,
        )
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit %(name)s") % {"name": self.object.full_name}
        ctx["cancel_url"] = reverse("residents:resident-detail", args=[self.object.pk])
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_resident(
            actor=self.request.user, resident=form.instance, expected_version=expected_version
        )

    def get_success_url(self):
        return reverse("residents:resident-detail", args=[self.object.pk])


class ResidentShareView(DeclaredPermissionMixin, ResidentScopedFormMixin, FormView):
    permission_required = ("residents.share_resident",)
    form_class = ShareForm
    template_name = "components/form_page.html"

    def get_context_data(self, **kwargs):
        return self.resident_context(
            super().get_context_data(**kwargs),
            _("Share the file of %(name)s"),
            _(
                "The colleague can open this file until the date you give. The reason is "
                "recorded and shown in the file."
            ),
            submit=_("Share"),
        )

    def form_valid(self, form):
        try:
            services.share_resident(
                actor=self.request.user, resident=self.resident, **form.cleaned_data
            )
        except ValidationError as exc:  # e.g. restriction of processing (AVG art. 18)
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The file has been shared."))
        return redirect("residents:resident-detail", pk=self.resident.pk)


class ConsentCreateView(DeclaredPermissionMixin, ResidentScopedFormMixin, CreateView):
    permission_required = ("residents.add_consent",)
    form_class = ConsentForm
    template_name = "components/form_page.html"

    def get_context_data(self, **kwargs):
        return self.resident_context(
            super().get_context_data(**kwargs),
            _("Record consent of %(name)s"),
            _(
                "Record only what the resident agreed to, for one purpose. Data is used or "
                "shared for that purpose only while the consent holds."
            ),
        )

    def form_valid(self, form):
        consent = form.save(commit=False)
        consent.resident = self.resident
        try:
            services.record_consent(actor=self.request.user, consent=consent)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The consent has been recorded."))
        return redirect("residents:resident-detail", pk=self.resident.pk)


class ConsentWithdrawView(DeclaredPermissionMixin, FormView):
    permission_required = ("residents.change_consent",)
    form_class = ConsentWithdrawForm
    template_name = "components/form_page.html"

    @cached_property
    def consent(self):
        return get_object_or_404(
            Consent.objects.visible_for(self.request.user).select_related("resident"),
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        return {"withdrawn_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Withdraw consent: %(purpose)s") % {
            "purpose": self.consent.get_purpose_display()
        }
        ctx["cancel_url"] = reverse("residents:resident-detail", args=[self.consent.resident_id])
        ctx["submit_label"] = _("Record withdrawal")
        return ctx

    def form_valid(self, form):
        try:
            services.withdraw_consent(
                actor=self.request.user,
                consent=self.consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The withdrawal has been recorded."))
        return redirect("residents:resident-detail", pk=self.consent.resident_id)


class HouseholdDetailView(DeclaredPermissionMixin, DetailView):
    """The household: members, coordinator and the cases of all its members."""

    permission_required = ("residents.view_household",)
    template_name = "residents/household_detail.html"
    context_object_name = "household"

    def get_queryset(self):
        return Household.objects.visible_for(self.request.user).select_related(
            "team", "coordinator"
        )

    def get_object(self, queryset=None):
        household = super().get_object(queryset)
        self.members = list(
            household.members.select_related("resident").order_by("relation", "resident__id")
        )
        record_access(
            user=self.request.user,
            resident_ids=[m.resident_id for m in self.members],
            action=AccessAction.VIEW,
            context=_("Household"),
            request=self.request,
        )
        return household

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["members"] = self.members
        ctx["cases"] = (
            SupportCase.objects.visible_for(user)
            .filter(resident_id__in=[m.resident_id for m in self.members])
            .select_related("resident", "team", "coordinator")
        )
        ctx["can_change"] = user.has_perm("residents.change_household")
        return ctx


class HouseholdCreateView(DeclaredPermissionMixin, ResidentScopedFormMixin, CreateView):
    """Start a household with this resident as the main applicant."""

    permission_required = ("residents.add_household",)
    form_class = HouseholdForm
    template_name = "components/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {
            "name": _("Household %(name)s") % {"name": self.resident.last_name},
            "team": self.resident.team_id,
            "coordinator": self.request.user.pk,
        }

    def get_context_data(self, **kwargs):
        return self.resident_context(
            super().get_context_data(**kwargs),
            _("New household of %(name)s"),
            _("One household, one plan, one coordinator (regisseur)."),
        )

    def form_valid(self, form):
        household = form.save(commit=False)
        try:
            services.create_household(
                actor=self.request.user, household=household, head=self.resident
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The household has been registered."))
        return redirect("residents:household-detail", pk=household.pk)


class HouseholdUpdateView(DeclaredPermissionMixin, VersionedSaveMixin, UpdateView):
    permission_required = ("residents.change_household",)
    form_class = HouseholdForm
    template_name = "components/form_page.html"

    def get_queryset(self):
        return Household.objects.visible_for(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit %(name)s") % {"name": self.object.name}
        ctx["cancel_url"] = reverse("residents:household-detail", args=[self.object.pk])
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_household(
            actor=self.request.user, household=form.instance, expected_version=expected_version
        )

    def get_success_url(self):
        return reverse("residents:household-detail", args=[self.object.pk])


class HouseholdMemberAddView(DeclaredPermissionMixin, FormView):
    permission_required = ("residents.change_household",)
    form_class = HouseholdMemberForm
    template_name = "components/form_page.html"

    @cached_property
    def household(self):
        return get_object_or_404(
            Household.objects.visible_for(self.request.user), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "household": self.household}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Add a member to %(name)s") % {"name": self.household.name}
        ctx["cancel_url"] = reverse("residents:household-detail", args=[self.household.pk])
        ctx["submit_label"] = _("Add")
        return ctx

    def form_valid(self, form):
        try:
            services.add_household_member(
                actor=self.request.user, household=self.household, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The member has been added."))
        return redirect("residents:household-detail", pk=self.household.pk)


class TimelineView(DeclaredPermissionMixin, DetailView):
    """Everything that happened, newest first, for a resident (with their households)."""

    permission_required = ("residents.view_resident",)
    template_name = "residents/timeline.html"

    def get_queryset(self):
        return Resident.objects.visible_for(self.request.user)

    def timeline_subjects(self, obj):
        household_ids = list(obj.household_memberships.values_list("household_id", flat=True))
        return [obj.pk], household_ids, obj.full_name

    def get_context_data(self, **kwargs):
        from wijkteam.support.timeline import timeline

        ctx = super().get_context_data(**kwargs)
        resident_ids, household_ids, title = self.timeline_subjects(self.object)
        entries = timeline(
            user=self.request.user, resident_ids=resident_ids, household_ids=household_ids
        )
        shown = set(resident_ids) | {e.resident_id for e in entries if e.resident_id}
        record_access(
            user=self.request.user,
            resident_ids=sorted(shown),
            action=AccessAction.VIEW,
            context=_("Timeline"),
            request=self.request,
        )
        ctx["entries"] = entries
        ctx["subject"] = title
        ctx["back_url"] = self.back_url()
        return ctx

    def back_url(self):
        return reverse("residents:resident-detail", args=[self.object.pk])


class HouseholdTimelineView(TimelineView):
    permission_required = ("residents.view_household",)

    def get_queryset(self):
        return Household.objects.visible_for(self.request.user)

    def timeline_subjects(self, obj):
        member_ids = list(obj.members.values_list("resident_id", flat=True))
        return member_ids, [obj.pk], obj.name

    def back_url(self):
        return reverse("residents:household-detail", args=[self.object.pk])
