"""Where an improvement plan came from: ``?origin=<app_label>.<model>:<pk>``.

Any record of the registers listed in :data:`ORIGIN_MODELS` can lead to a plan. The origin
is stored generically (content type + id) and always checked against the origin model's
``visible_for(user)``: a user who may not see the incident cannot attach a plan to it, and a
plan only links back to its origin for users who may see it.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from wijkteam.improvements.choices import PlanSource

# Models a plan may come from, and the source a plan from them gets.
ORIGIN_MODELS: dict[str, str] = {
    "incidents.incident": PlanSource.INCIDENT_ANALYSIS,
    "complaints.complaint": PlanSource.COMPLAINT,
    "breaches.databreach": PlanSource.DATA_BREACH,
}

ORIGIN_PATTERN = re.compile(r"^(?P<label>[a-z_]+\.[a-z_]+):(?P<pk>[1-9][0-9]{0,17})$")


def origin_error() -> ValidationError:
    # One message for malformed, unknown, missing and out-of-scope: nothing leaks.
    return ValidationError(
        _("The record this plan should come from does not exist, or you may not see it."),
        code="origin_not_found",
    )


def origin_model(label: str):
    """The model of ``app_label.model`` if plans may come from it, else None."""
    if label not in ORIGIN_MODELS:
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def resolve_origin(raw: str, user):
    """The record named by ``raw`` (``incidents.incident:12``) if ``user`` may see it.

    Raises ``ValidationError`` with one Dutch message for anything else.
    """
    match = ORIGIN_PATTERN.match((raw or "").strip().lower())
    if not match:
        raise origin_error()
    model = origin_model(match["label"])
    if model is None or not hasattr(model.objects, "visible_for"):
        raise origin_error()
    obj = model.objects.visible_for(user).filter(pk=int(match["pk"])).first()
    if obj is None:
        raise origin_error()
    return obj


def origin_key(obj) -> str:
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def source_for(obj) -> str:
    meta = obj._meta
    return ORIGIN_MODELS.get(f"{meta.app_label}.{meta.model_name}", PlanSource.OTHER)


@dataclass(frozen=True)
class OriginLink:
    kind: str  # the model's verbose name, e.g. "incident"
    label: str  # str(obj), only when visible
    url: str  # empty when not visible or without a page


def url_of(obj) -> str:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    meta = obj._meta
    try:
        return reverse(f"{meta.app_label}:{meta.model_name}-detail", args=[obj.pk])
    except NoReverseMatch:
        return ""


def origin_link(plan, user) -> OriginLink | None:
    """What the plan page shows about the origin: a link only if ``user`` may see it."""
    if plan.origin_content_type_id is None:
        return None
    model = plan.origin_content_type.model_class()
    if model is None:
        return None
    kind = str(model._meta.verbose_name)
    visible = getattr(model.objects, "visible_for", None)
    obj = visible(user).filter(pk=plan.origin_object_id).first() if visible else None
    if obj is None:
        return OriginLink(kind=kind, label="", url="")
    return OriginLink(kind=kind, label=str(obj), url=url_of(obj))
