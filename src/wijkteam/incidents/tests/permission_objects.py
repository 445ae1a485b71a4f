"""In-scope objects for the incident URLs in the permission matrix test: an incident reported
by the worker of team A (category 5, so in the calamity procedure), one of category 2 (not
flagged), a follow-up action and a person needing more than basic support on the first."""

import datetime

from wijkteam.incidents.tests.factories import CareNeedFactory, FollowUpActionFactory
from wijkteam.incidents.tests.helpers import report


def objects(world) -> dict:
    incident = report(world, category=5, occurred_on=datetime.date(2026, 11, 2))
    plain = report(world, category=2, occurred_on=datetime.date(2026, 11, 2))
    action = FollowUpActionFactory(
        incident=incident,
        owner=world.manager,
        created_by=world.manager,
        due_on=datetime.date(2026, 12, 31),
    )
    need = CareNeedFactory(incident=incident, recorded_by=world.manager)
    return {
        "incidents:incident-detail": incident,
        "incidents:incident-update": incident,
        "incidents:incident-transition": incident,
        "incidents:followup-create": incident,
        "incidents:followup-complete": action,
        "incidents:calamity-flag": plain,
        "incidents:calamity-decide": incident,
        "incidents:calamity-report": incident,
        "incidents:careneed-create": incident,
        "incidents:careneed-update": need,
        "incident-detail": incident,
        "incident-transition": incident,
        "incident-calamity-decision": incident,
        "incident-calamity-report": incident,
        "incident-followup-detail": action,
    }
