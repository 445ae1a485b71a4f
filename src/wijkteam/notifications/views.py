"""The signed-in user's notifications: inbox, mark read, and the header badge (htmx)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from wijkteam.core.views import DeclaredPermissionMixin
from wijkteam.notifications import services
from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.models import Notification


class NotificationListView(DeclaredPermissionMixin, ListView):
    permission_required = ()
    template_name = "notifications/notification_list.html"
    paginate_by = 25

    def get_queryset(self):
        queryset = Notification.objects.visible_for(self.request.user)
        if self.request.GET.get("ongelezen"):
            queryset = queryset.unread()
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["only_unread"] = bool(self.request.GET.get("ongelezen"))
        context["querystring_without_page"] = "ongelezen=1&" if context["only_unread"] else ""
        context["levels"] = ReminderLevel
        return context


class NotificationOpenView(DeclaredPermissionMixin, View):
    """POST ``notification=<id>``: mark it read and go to what it is about.

    An unknown id, or one addressed to someone else, leads back to the inbox: the answer is
    the same either way, so nothing tells whether another person's notification exists.
    """

    permission_required = ()

    def post(self, request):
        raw = request.POST.get("notification", "")
        notification = (
            Notification.objects.visible_for(request.user).filter(pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 19
            else None
        )
        if notification is None:
            return redirect("notifications:notification-list")
        services.mark_read(actor=request.user, notification_ids=[notification.pk])
        target = notification.url
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return HttpResponseRedirect(target)
        return redirect("notifications:notification-list")


class NotificationReadAllView(DeclaredPermissionMixin, View):
    permission_required = ()

    def post(self, request):
        count = services.mark_read(actor=request.user)
        messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
        return redirect("notifications:notification-list")


class NotificationBadgeView(DeclaredPermissionMixin, TemplateView):
    """The unread count for the header, loaded by htmx after the page (no query on the page)."""

    permission_required = ()
    template_name = "notifications/_badge.html"

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect(reverse("notifications:notification-list"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = Notification.objects.visible_for(self.request.user).unread().count()
        return context
