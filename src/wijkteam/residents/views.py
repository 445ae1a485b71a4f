from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.views import AccessLoggedDetailMixin, DeclaredPermissionMixin
from wijkteam.residents import services
from wijkteam.residents.forms import ResidentForm, ResidentSearchForm, ShareForm
from wijkteam.residents.models import Resident
from wijkteam.support.models import SupportCase


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
        return Resident.objects.visible_for(self.request.user).select_related("team", "area")

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
        ctx["can_change"] = user.has_perm("residents.change_resident")
        ctx["can_share"] = user.has_perm("residents.share_resident")
        return ctx


class ResidentCreateView(DeclaredPermissionMixin, CreateView):
    permission_required = ("residents.add_resident",)
    form_class = ResidentForm
    template_name = "components/form_page.html"
    extra_context = {"page_title": gettext_lazy("Register a resident")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        resident = form.save(commit=False)
        try:
            services.register_resident(actor=self.request.user, resident=resident)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The resident has been registered."))
        return redirect("residents:resident-detail", pk=resident.pk)


class ResidentUpdateView(DeclaredPermissionMixin, UpdateView):
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

    def form_valid(self, form):
        try:
            services.update_resident(
                actor=self.request.user,
                resident=form.instance,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes have been saved."))
        return redirect("residents:resident-detail", pk=form.instance.pk)


class ResidentShareView(DeclaredPermissionMixin, FormView):
    permission_required = ("residents.share_resident",)
    form_class = ShareForm
    template_name = "components/form_page.html"

    @cached_property
    def resident(self):
        return get_object_or_404(
            Resident.objects.visible_for(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Share the file of %(name)s") % {"name": self.resident.full_name}
        ctx["intro"] = _(
            "The colleague can open this file until the date you give. The reason is recorded "
            "and shown in the file."
        )
        ctx["cancel_url"] = reverse("residents:resident-detail", args=[self.resident.pk])
        ctx["submit_label"] = _("Share")
        return ctx

    def form_valid(self, form):
        services.share_resident(
            actor=self.request.user, resident=self.resident, **form.cleaned_data
        )
        messages.success(self.request, _("The file has been shared."))
        return redirect("residents:resident-detail", pk=self.resident.pk)
