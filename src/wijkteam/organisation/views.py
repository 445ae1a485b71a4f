from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from wijkteam.accounts.models import TeamMembership, User
from wijkteam.core.views import DeclaredPermissionMixin, VersionedSaveMixin
from wijkteam.organisation import forms, services
from wijkteam.organisation.models import Area, Location, StaffFunction, Team


class MasterDataListView(DeclaredPermissionMixin, ListView):
    """A master-data list; ``change_permission`` decides whether edit links are shown."""

    change_permission = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = self.request.user.has_perm(self.change_permission)
        ctx["today"] = timezone.localdate()
        return ctx


class MasterDataCreateView(DeclaredPermissionMixin, CreateView):
    template_name = "components/form_page.html"
    list_url = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = self.page_title
        ctx["cancel_url"] = reverse(self.list_url)
        return ctx

    def form_valid(self, form):
        obj = form.save(commit=False)
        try:
            services.create_master_data(actor=self.request.user, instance=obj)
            form.save_m2m()
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(name)s” has been added.") % {"name": obj})
        return redirect(self.get_success_url_for(obj))

    def get_success_url_for(self, obj):
        return reverse(self.list_url)


class MasterDataUpdateView(DeclaredPermissionMixin, VersionedSaveMixin, UpdateView):
    template_name = "components/form_page.html"
    list_url = ""

    def get_queryset(self):
        return self.model.objects.visible_for(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit %(name)s") % {"name": self.object}
        ctx["cancel_url"] = reverse(self.list_url)
        return ctx

    def save_versioned(self, form, expected_version):
        form.save(commit=False)
        services.update_master_data(
            actor=self.request.user, instance=form.instance, expected_version=expected_version
        )
        form.save_m2m()

    def get_success_url(self):
        return self.get_success_url_for(self.object)

    def get_success_url_for(self, obj):
        return reverse(self.list_url)


class TeamListView(DeclaredPermissionMixin, ListView):
    permission_required = ("organisation.view_team",)
    template_name = "organisation/team_list.html"

    def get_queryset(self):
        today = timezone.localdate()
        active_members = Q(memberships__start_date__lte=today) & (
            Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
        )
        qs = (
            Team.objects.visible_for(self.request.user)
            .prefetch_related("areas")
            .annotate(
                member_count=Count("memberships__user", filter=active_members, distinct=True),
            )
            .order_by("kind", "name")
        )
        if self.request.GET.get("alle") != "1":
            qs = qs.active()
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["show_all"] = self.request.GET.get("alle") == "1"
        ctx["can_change"] = self.request.user.has_perm("organisation.change_team")
        return ctx


class TeamDetailView(DeclaredPermissionMixin, DetailView):
    permission_required = ("organisation.view_team",)
    template_name = "organisation/team_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        return Team.objects.visible_for(self.request.user).prefetch_related(
            "areas", "predecessors", "successors"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        visible_staff = User.objects.visible_for(user)
        members = (
            TeamMembership.objects.active()
            .filter(team=self.object, user__in=visible_staff)
            .select_related("user", "user__function")
            .order_by("-is_manager", "user__last_name")
        )
        ctx["members"] = members
        ctx["fte_total"] = members.aggregate(total=Sum("user__fte"))["total"]
        ctx["can_change"] = user.has_perm("organisation.change_team")
        return ctx


class TeamCreateView(MasterDataCreateView):
    permission_required = ("organisation.add_team",)
    model = Team
    form_class = forms.TeamForm
    list_url = "organisation:team-list"
    page_title = gettext_lazy("New team")

    def get_success_url_for(self, obj):
        return reverse("organisation:team-detail", args=[obj.pk])


class TeamUpdateView(MasterDataUpdateView):
    permission_required = ("organisation.change_team",)
    model = Team
    form_class = forms.TeamForm
    list_url = "organisation:team-list"

    def get_success_url_for(self, obj):
        return reverse("organisation:team-detail", args=[obj.pk])


class TeamSucceedView(DeclaredPermissionMixin, FormView):
    permission_required = ("organisation.change_team",)
    form_class = forms.TeamSuccessionForm
    template_name = "components/form_page.html"

    @cached_property
    def team(self):
        return get_object_or_404(Team.objects.visible_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Rename or split %(team)s") % {"team": self.team}
        ctx["intro"] = _(
            "The current team ends on the date you give; the new team(s) start the next day "
            "and take over its areas. Figures recorded before keep the current team."
        )
        ctx["cancel_url"] = reverse("organisation:team-detail", args=[self.team.pk])
        ctx["submit_label"] = _("Rename or split")
        return ctx

    def form_valid(self, form):
        try:
            successors = services.succeed_team(
                actor=self.request.user,
                team=self.team,
                end_date=form.cleaned_data["end_date"],
                successor_names=form.cleaned_data["successor_names"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(team)s ends; new: %(names)s.")
            % {"team": self.team, "names": ", ".join(t.name for t in successors)},
        )
        return redirect("organisation:team-detail", pk=successors[0].pk)


class AreaListView(MasterDataListView):
    change_permission = "organisation.change_area"
    permission_required = ("organisation.view_area",)
    template_name = "organisation/area_list.html"

    def get_queryset(self):
        return Area.objects.visible_for(self.request.user).prefetch_related(
            Prefetch("teams", queryset=Team.objects.active())
        )


class AreaCreateView(MasterDataCreateView):
    permission_required = ("organisation.add_area",)
    model = Area
    form_class = forms.AreaForm
    list_url = "organisation:area-list"
    page_title = gettext_lazy("New area")


class AreaUpdateView(MasterDataUpdateView):
    permission_required = ("organisation.change_area",)
    model = Area
    form_class = forms.AreaForm
    list_url = "organisation:area-list"


class LocationListView(MasterDataListView):
    change_permission = "organisation.change_location"
    permission_required = ("organisation.view_location",)
    template_name = "organisation/location_list.html"

    def get_queryset(self):
        return Location.objects.visible_for(self.request.user).select_related("area")


class LocationCreateView(MasterDataCreateView):
    permission_required = ("organisation.add_location",)
    model = Location
    form_class = forms.LocationForm
    list_url = "organisation:location-list"
    page_title = gettext_lazy("New location")


class LocationUpdateView(MasterDataUpdateView):
    permission_required = ("organisation.change_location",)
    model = Location
    form_class = forms.LocationForm
    list_url = "organisation:location-list"


class FunctionListView(MasterDataListView):
    change_permission = "organisation.change_stafffunction"
    permission_required = ("organisation.view_stafffunction",)
    template_name = "organisation/function_list.html"

    def get_queryset(self):
        return StaffFunction.objects.visible_for(self.request.user)


class FunctionCreateView(MasterDataCreateView):
    permission_required = ("organisation.add_stafffunction",)
    model = StaffFunction
    form_class = forms.StaffFunctionForm
    list_url = "organisation:function-list"
    page_title = gettext_lazy("New function")


class FunctionUpdateView(MasterDataUpdateView):
    permission_required = ("organisation.change_stafffunction",)
    model = StaffFunction
    form_class = forms.StaffFunctionForm
    list_url = "organisation:function-list"
