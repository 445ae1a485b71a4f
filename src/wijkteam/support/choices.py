from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalFramework(models.TextChoices):
    BASIC = "basic", _("Basic support (no decision)")
    WMO = "wmo", _("Wmo 2015")
    YOUTH = "youth", _("Jeugdwet")
    DEBT = "debt", _("Wgs (debt help)")


class RequestChannel(models.TextChoices):
    """How a request (melding, hulpvraag) reached the team."""

    WALK_IN = "walk_in", _("Walk-in at a neighbourhood or village room")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail or contact form")
    OWN_INITIATIVE = "own_initiative", _("Own initiative of the resident")
    GP = "gp", _("Referral by a GP")
    SCHOOL = "school", _("School")
    HOUSING = "housing", _("Housing corporation")
    EARLY_WARNING = "early_warning", _("Early warning of payment arrears (vroegsignalering)")
    POLICE = "police", _("Police or nuisance report point")
    CHAIN_PARTNER = "chain_partner", _("Other chain partner")
    HANDOVER = "handover", _("Internal handover")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Goals achieved")
    REFERRED_ON = "referred_on", _("Referred on")
    MOVED_AWAY = "moved_away", _("Moved away")
    DECLINED = "declined", _("Declined by the resident")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class ConversationKind(models.TextChoices):
    KITCHEN_TABLE = "kitchen_table", _("Kitchen-table conversation")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other conversation")


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    GROUP = "group", _("Group")
    CONSULTATION = "consultation", _("Consultation")
    OTHER = "other", _("Other")


class ReferralCategory(models.TextChoices):
    """Product categories of additional support (aanvullende ondersteuning)."""

    GUIDANCE = "guidance", _("Guidance (begeleiding)")
    DAY_ACTIVITIES = "day_activities", _("Day activities (dagbesteding)")
    HOUSEHOLD_HELP = "household_help", _("Help with the household")
    YOUTH_CARE = "youth_care", _("Youth care (jeugdhulp)")
    SHELTERED_HOUSING = "sheltered_housing", _("Sheltered housing (beschermd wonen)")
    DEBT_HELP = "debt_help", _("Debt help")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeadlineKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First contact")
    WMO_RESEARCH = "wmo_research", _("Wmo research")
    WMO_DECISION = "wmo_decision", _("Wmo decision on the application")
    DEBT_FIRST_CONVERSATION = "debt_first_conversation", _("First conversation (Wgs)")


class DeadlineStatus(models.TextChoices):
    """Derived, never stored: computed from due_on, met_on and the day asked about."""

    OPEN = "open", _("Open")
    DUE_SOON = "due_soon", _("Due this week")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Met")
    MET_LATE = "met_late", _("Met late")
