"""The registry of models that hold personal data.

Each model listed here must offer ``Model.objects.visible_for(user)``; a test checks that,
and checks each one per role. A new model with personal data belongs in this list.
"""

PERSONAL_DATA_MODELS = (
    "residents.Resident",
    "residents.Household",
    "residents.HouseholdMember",
    "residents.ResidentShare",
    "residents.Consent",
    "support.SupportCase",
    "support.CaseTransition",
    "support.CaseDeadline",
    "support.Conversation",
    "support.Contact",
    "support.Referral",
    "plans.SupportPlan",
    "plans.Goal",
    "plans.GoalEvaluation",
    "plans.Action",
    "privacy.InzageRequest",
    "privacy.RectificationRequest",
    "privacy.RectificationTransition",
    "privacy.ProcessingRestriction",
    "accounts.User",
    "accounts.TeamMembership",
    "notifications.Notification",
)
