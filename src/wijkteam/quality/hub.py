"""The registers of quality, safety and privacy, as one menu entry ("Kwaliteit en veiligheid").

Each entry is shown to a user holding its permission; the hub itself needs none, so every role
finds the registers it works with in one place instead of a menu item per register.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HubEntry:
    url_name: str
    label: str
    description: str
    permission: str


ENTRIES = (
    HubEntry(
        "incidents:incident-list",
        _("Incidents"),
        _("Report aggression and other incidents; aftercare, follow-up and calamities."),
        "incidents.view_incident",
    ),
    HubEntry(
        "complaints:complaint-list",
        _("Complaints"),
        _("Register and handle complaints within the legal terms."),
        "complaints.view_complaint",
    ),
    HubEntry(
        "breaches:breach-list",
        _("Data breaches"),
        _("The breach register and the 72-hour term for the Autoriteit Persoonsgegevens."),
        "breaches.view_databreach",
    ),
    HubEntry(
        "improvements:plan-list",
        _("Improvement plans"),
        _("Findings, actions, owners and evidence."),
        "improvements.view_improvementplan",
    ),
    HubEntry(
        "quality:overview",
        _("Quality overview"),
        _("Incidents, complaints and breaches per team and period, year on year."),
        "quality.view_quality_overview",
    ),
    HubEntry(
        "oversight:grant-list",
        _("Emergency access"),
        _("Files opened outside the own team (break-the-glass), to be reviewed."),
        "oversight.view_breakglassgrant",
    ),
    HubEntry(
        "oversight:access-review",
        _("Access review"),
        _("Unusual access to residents' files per period."),
        "oversight.view_access_review",
    ),
    HubEntry(
        "privacy:rectification-list",
        _("Rectification requests"),
        _("Residents' requests to correct their data."),
        "privacy.view_rectificationrequest",
    ),
    HubEntry(
        "privacy:inzage-list",
        _("Inzage"),
        _("Copies of all data about a resident (PDF and JSON)."),
        "privacy.view_inzagerequest",
    ),
    HubEntry(
        "privacy:retention-run-list",
        _("Retention"),
        _("Files past their retention period: dry runs, runs and deletion reports."),
        "privacy.view_retentionrun",
    ),
    HubEntry(
        "privacy:legal-hold-list",
        _("Legal holds"),
        _("Cases kept beyond their retention period, with the reason."),
        "privacy.view_legalhold",
    ),
    HubEntry(
        "privacy:monitoring-export",
        _("Monitoring export"),
        _("Case-level figures for the municipality without direct identifiers."),
        "privacy.export_monitoring",
    ),
)
HUB_PERMISSIONS = tuple(entry.permission for entry in ENTRIES)


def entries_for(user) -> list[dict]:
    items = []
    for entry in ENTRIES:
        if not user.has_perm(entry.permission):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": entry.label, "description": entry.description})
    return items
