import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

import django_otp

from wijkteam.accounts import lockout, services, twofactor
from wijkteam.accounts.forms import (
    LoginForm,
    MembershipForm,
    OTPEnrolForm,
    OTPTokenForm,
    StaffFilterForm,
    StaffForm,
)
from wijkteam.accounts.models import TeamMembership, User
from wijkteam.core.accesslog import client_ip
from wijkteam.core.middleware import LOGOUT_NOTICE_KEY, otp_not_required
from wijkteam.core.models import AuthEvent, AuthEventKind
from wijkteam.core.views import DeclaredPermissionMixin, VersionedSaveMixin


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    permission_required = ()
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Set by the idle-timeout middleware or "sign out everywhere"; shown once.
        ctx["logout_notice"] = self.request.session.pop(LOGOUT_NOTICE_KEY, "")
        return ctx

    def get_success_url(self):
        """After the password comes the second step, which then continues to ``next``."""
        url = super().get_success_url()
        if twofactor.is_verified(self.request.user):
            return url
        return twofactor.with_next("accounts:otp-verify", url)


@method_decorator(otp_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    permission_required = ()


class PasswordChangeView(DeclaredPermissionMixin, auth_views.PasswordChangeView):
    permission_required = ()
    template_name = "components/form_page.html"
    success_url = reverse_lazy("dashboard:home")
    extra_context = {"page_title": gettext_lazy("Change password")}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class StaffListView(DeclaredPermissionMixin, ListView):
    permission_required = ("accounts.view_user",)
    template_name = "accounts/staff_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = StaffFilterForm(self.request.GET or None)
        qs = (
            User.objects.visible_for(self.request.user)
            .select_related("function")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=TeamMembership.objects.active().select_related("team"),
                    to_attr="active_memberships",
                )
            )
            .order_by("last_name", "first_name", "id")
        )
        if self.filter_form.is_valid():
            term = self.filter_form.cleaned_data["q"]
            team = self.filter_form.cleaned_data["team"]
            if term:
                qs = qs.filter(
                    Q(first_name__icontains=term)
                    | Q(last_name__icontains=term)
                    | Q(username__icontains=term)
                )
            if team:
                qs = qs.filter(
                    pk__in=TeamMembership.objects.active().filter(team=team).values("user_id")
                )
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx["querystring_without_page"] = params.urlencode() + "&" if params else ""
        ctx["can_add"] = self.request.user.has_perm("accounts.add_user")
        return ctx


class StaffDetailView(DeclaredPermissionMixin, DetailView):
    permission_required = ("accounts.view_user",)
    template_name = "accounts/staff_detail.html"
    context_object_name = "staff"

    def get_queryset(self):
        return User.objects.visible_for(self.request.user).select_related("function")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = self.object.memberships.select_related("team").order_by("-start_date")
        ctx["roles"] = self.object.groups.order_by("name")
        ctx["can_change"] = self.request.user.has_perm("accounts.change_user")
        ctx["today"] = timezone.localdate()
        ctx["two_factor_set_up"] = twofactor.is_enrolled(self.object)
        ctx["can_reset_otp"] = (
            self.request.user.has_perm("accounts.reset_otp") and self.object != self.request.user
        )
        return ctx


class StaffCreateView(DeclaredPermissionMixin, CreateView):
    permission_required = ("accounts.add_user",)
    form_class = StaffForm
    template_name = "components/form_page.html"
    extra_context = {"page_title": gettext_lazy("New staff member")}

    def form_valid(self, form):
        user = form.save(commit=False)
        services.create_staff(actor=self.request.user, user=user, roles=form.cleaned_data["roles"])
        messages.success(self.request, _("The staff member has been added."))
        return redirect("accounts:staff-detail", pk=user.pk)


class StaffUpdateView(DeclaredPermissionMixin, VersionedSaveMixin, UpdateView):
    permission_required = ("accounts.change_user",)
    form_class = StaffForm
    template_name = "components/form_page.html"

    def get_queryset(self):
        return User.objects.visible_for(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Edit %(name)s") % {"name": self.object.display_name}
        ctx["cancel_url"] = reverse("accounts:staff-detail", args=[self.object.pk])
        return ctx

    def save_versioned(self, form, expected_version):
        services.update_staff(
            actor=self.request.user,
            user=form.instance,
            expected_version=expected_version,
            roles=form.cleaned_data["roles"],
        )

    def get_success_url(self):
        return reverse("accounts:staff-detail", args=[self.object.pk])


class MembershipCreateView(DeclaredPermissionMixin, CreateView):
    permission_required = ("accounts.add_teammembership",)
    form_class = MembershipForm
    template_name = "components/form_page.html"

    @cached_property
    def staff(self):
        return get_object_or_404(User.objects.visible_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Add %(name)s to a team") % {"name": self.staff.display_name}
        ctx["cancel_url"] = reverse("accounts:staff-detail", args=[self.staff.pk])
        return ctx

    def form_valid(self, form):
        membership = form.save(commit=False)
        membership.user = self.staff
        try:
            services.add_membership(actor=self.request.user, membership=membership)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The team membership has been added."))
        return redirect("accounts:staff-detail", pk=self.staff.pk)


class MembershipEndView(DeclaredPermissionMixin, DetailView):
    """POST ends a membership today; GET is not offered."""

    permission_required = ("accounts.change_teammembership",)
    http_method_names = ["post"]

    def get_queryset(self):
        visible = User.objects.visible_for(self.request.user)
        return TeamMembership.objects.filter(user__in=visible)

    def post(self, request, *args, **kwargs):
        membership = self.get_object()
        try:
            services.end_membership(
                actor=request.user, membership=membership, end_date=timezone.localdate()
            )
            messages.success(request, _("The team membership has been ended."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("accounts:staff-detail", pk=membership.user_id)


class LockoutListView(DeclaredPermissionMixin, TemplateView):
    """Accounts and addresses currently locked after failed sign-ins (functioneel beheer)."""

    permission_required = ("accounts.reset_lockout",)
    template_name = "accounts/lockout_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["lockouts"] = lockout.current_lockouts()
        ctx["failure_limit"] = settings.AXES_FAILURE_LIMIT
        ctx["cooloff_minutes"] = lockout.cooloff_minutes()
        return ctx


class LockoutResetView(DeclaredPermissionMixin, View):
    """POST lifts the lockout of one account (username) or one address (ip_address)."""

    permission_required = ("accounts.reset_lockout",)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "").strip()
        ip_address = request.POST.get("ip_address", "").strip()
        if bool(username) == bool(ip_address):
            messages.error(request, _("Choose one account or one address to unlock."))
        else:
            lockout.unlock(
                actor=request.user, request=request, username=username, ip_address=ip_address
            )
            messages.success(
                request, _("%(what)s has been unlocked.") % {"what": username or ip_address}
            )
        return redirect("accounts:lockout-list")


@method_decorator(otp_not_required, name="dispatch")
class KeepAliveView(View):
    """POST keeps the session alive (the idle-timeout middleware records the activity)."""

    permission_required = ()
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return HttpResponse(status=204)


class LogoutEverywhereView(View):
    """POST ends every session of the signed-in user, this one included."""

    permission_required = ()
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        user = request.user
        User.objects.filter(pk=user.pk).update(session_token=secrets.token_hex(16))
        AuthEvent.objects.create(
            kind=AuthEventKind.LOGOUT_ALL,
            username=user.get_username(),
            user=user,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        logout(request)
        request.session[LOGOUT_NOTICE_KEY] = _("You have been signed out on all devices.")
        return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Two-step verification ------------------------------------------------------------------


class SecondStepMixin:
    """The 2FA pages: no main menu (nothing is reachable yet) and a ``next`` to continue to."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["nav_items"] = []
        ctx["next"] = twofactor.safe_next(self.request)
        return ctx

    def signed_in(self, device):
        """The session passed the second step: remember the device, new session key."""
        django_otp.login(self.request, device)
        self.request.session.cycle_key()

    def refuse(self, form, result):
        # On top of the form, so the announced error summary says what is wrong.
        form.add_error(None, twofactor.refusal_message(result))
        return self.form_invalid(form)


@method_decorator(otp_not_required, name="dispatch")
class OTPVerifyView(SecondStepMixin, DeclaredPermissionMixin, FormView):
    """The second step for an account with an authenticator: a code or a recovery code."""

    permission_required = ()
    template_name = "accounts/otp_verify.html"
    form_class = OTPTokenForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if twofactor.is_verified(user):
                return redirect(twofactor.safe_next(request))
            if not twofactor.is_enrolled(user):
                return redirect(
                    twofactor.with_next("accounts:otp-enrol", twofactor.safe_next(request))
                )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        request, user = self.request, self.request.user
        if lockout.is_locked_out(request, user.get_username()):
            return self.locked_out()
        result = services.verify_second_factor(
            user=user, code=form.cleaned_data["otp_token"], request=request
        )
        if result.ok:
            self.signed_in(result.device)
            if result.recovery:
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(count)d recovery codes are left."
                    )
                    % {"count": twofactor.remaining_recovery_codes(user)},
                )
            return redirect(twofactor.safe_next(request))
        if lockout.is_locked_out(request, user.get_username()):
            return self.locked_out()
        return self.refuse(form, result)

    def locked_out(self):
        logout(self.request)
        return lockout.lockout_response(self.request)


@method_decorator(otp_not_required, name="dispatch")
class OTPEnrolView(SecondStepMixin, DeclaredPermissionMixin, FormView):
    """First sign-in (or after a reset): link an authenticator app by QR code or secret."""

    permission_required = ()
    template_name = "accounts/otp_enrol.html"
    form_class = OTPEnrolForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and twofactor.is_enrolled(request.user):
            return redirect(
                twofactor.with_next("accounts:otp-verify", twofactor.safe_next(request))
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        device = services.start_enrolment(user=self.request.user)
        ctx["qr_data_uri"] = twofactor.qr_data_uri(device)
        ctx["secret"] = twofactor.secret_groups(device)
        ctx["issuer"] = twofactor.ISSUER
        return ctx

    def form_valid(self, form):
        result, codes = services.confirm_enrolment(
            user=self.request.user, code=form.cleaned_data["otp_token"], request=self.request
        )
        if not result.ok:
            return self.refuse(form, result)
        self.signed_in(result.device)
        self.request.session[twofactor.NEW_CODES_SESSION_KEY] = codes
        messages.success(self.request, _("Two-step verification has been set up."))
        return redirect(
            twofactor.with_next("accounts:otp-recovery-codes", twofactor.safe_next(self.request))
        )


class RecoveryCodesView(DeclaredPermissionMixin, TemplateView):
    """New recovery codes, shown once; afterwards only how many are left."""

    permission_required = ()
    template_name = "accounts/otp_recovery_codes.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        codes = self.request.session.pop(twofactor.NEW_CODES_SESSION_KEY, None) or []
        ctx["codes"] = [twofactor.format_recovery_code(code) for code in codes]
        ctx["remaining"] = twofactor.remaining_recovery_codes(self.request.user)
        ctx["next"] = twofactor.safe_next(self.request)
        return ctx


class RecoveryCodesRegenerateView(DeclaredPermissionMixin, View):
    """POST makes ten new recovery codes for the signed-in user; the old ones stop working."""

    permission_required = ()
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        codes = services.regenerate_recovery_codes(actor=request.user, request=request)
        request.session[twofactor.NEW_CODES_SESSION_KEY] = codes
        messages.success(
            request, _("New recovery codes have been made; the old ones no longer work.")
        )
        return redirect("accounts:otp-recovery-codes")


class OTPResetView(DeclaredPermissionMixin, View):
    """POST removes a colleague's authenticator and recovery codes (lost phone)."""

    permission_required = ("accounts.reset_otp",)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        staff = get_object_or_404(User.objects.visible_for(request.user), pk=kwargs["pk"])
        if staff.pk == request.user.pk:
            messages.error(
                request,
                _(
                    "You cannot reset your own two-step verification; "
                    "ask a colleague in functioneel beheer."
                ),
            )
        else:
            services.reset_two_factor(actor=request.user, user=staff, request=request)
            messages.success(
                request,
                _(
                    "The two-step verification of %(name)s has been reset and their sessions "
                    "have ended. They set up a new authenticator app at the next sign-in."
                )
                % {"name": staff.display_name},
            )
        return redirect("accounts:staff-detail", pk=staff.pk)
