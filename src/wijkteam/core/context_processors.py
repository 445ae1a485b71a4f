from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, required permission or "" for any signed-in user)
NAVIGATION = (
    ("dashboard:home", _("Start"), ""),
    ("residents:resident-list", _("Residents"), "residents.view_resident"),
    ("support:case-list", _("Support"), "support.view_supportcase"),
    ("organisation:team-list", _("Teams"), "organisation.view_team"),
    ("quality:home", _("Quality and safety"), "quality.hub"),
    ("accounts:staff-list", _("Staff"), "accounts.view_user"),
    ("core:audit-log", _("Logs"), "core.view_accesslogentry"),
)


# Pages of these apps are reached through the quality hub, so its menu item is the current one.
QUALITY_APPS = {
    "quality",
    "incidents",
    "complaints",
    "breaches",
    "improvements",
    "oversight",
    "privacy",
}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from django.conf import settings

    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for name, label, perm in NAVIGATION:
        if perm == "quality.hub":
            from wijkteam.quality.hub import HUB_PERMISSIONS

            if not any(user.has_perm(p) for p in HUB_PERMISSIONS):
                continue
        elif perm and not user.has_perm(perm):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # an app whose pages are not there yet
            continue
        prefix = name.split(":")[0]
        active = current == name or (name != "dashboard:home" and current.startswith(prefix + ":"))
        if name == "quality:home":
            active = current.split(":")[0] in QUALITY_APPS
        items.append({"url": url, "label": label, "active": active})
    return {
        "nav_items": items,
        "SMALL_NUMBER_THRESHOLD": settings.SMALL_NUMBER_THRESHOLD,
        "SESSION_IDLE_TIMEOUT_SECONDS": settings.SESSION_IDLE_TIMEOUT * 60,
    }
