from django.db import models
from django.utils.translation import gettext_lazy as _


class LifeDomainAudience(models.TextChoices):
    """'Wat telt' has an adult and a youth variant; some life domains are in both."""

    ADULT = "adult", _("Adults")
    YOUTH = "youth", _("Youth")
    BOTH = "both", _("Adults and youth")


class SelfRelianceScore(models.IntegerChoices):
    """Where the resident stands on a goal's life domain, scored with the worker.

    Inspired by the zelfredzaamheidsmatrix; the scale is described in
    ``docs/life-domain-scale.md`` and is to be confirmed by the customer.
    """

    ACUTE = 1, _("1 - acute problem")
    NOT_SELF_RELIANT = 2, _("2 - not self-reliant")
    LIMITED = 3, _("3 - limited self-reliance")
    SUFFICIENT = 4, _("4 - sufficiently self-reliant")
    FULL = 5, _("5 - fully self-reliant")


SCORE_DESCRIPTIONS = {
    SelfRelianceScore.ACUTE: _(
        "Acute problem: immediate help is needed, the situation is unsafe or untenable."
    ),
    SelfRelianceScore.NOT_SELF_RELIANT: _(
        "Not self-reliant: the resident cannot manage without (much) help from others."
    ),
    SelfRelianceScore.LIMITED: _(
        "Limited self-reliance: the resident manages partly, with regular help or support."
    ),
    SelfRelianceScore.SUFFICIENT: _(
        "Sufficiently self-reliant: the resident manages, with the own network if needed."
    ),
    SelfRelianceScore.FULL: _("Fully self-reliant: the resident manages without any help."),
}


class ActionPerformer(models.TextChoices):
    """Who does what: the resident, their network, a volunteer, a worker or a partner."""

    RESIDENT = "resident", _("The resident")
    NETWORK = "network", _("The network (family, neighbours, friends)")
    VOLUNTEER = "volunteer", _("A volunteer")
    WORKER = "worker", _("A worker")
    PARTNER = "partner", _("A partner organisation")
