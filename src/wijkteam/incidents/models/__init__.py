"""The incident register (incidentmeldingen): the report, its history, the aftercare of the
staff member, follow-up actions, the calamity procedure and people who need more than basic
support.

Every write goes through ``incidents/services.py``. The incident's state changes only through
``transition_incident()`` and the calamity procedure only through ``flag_calamity()`` and
``transition_calamity()`` (tables in ``workflow.py``); each appends an ``IncidentEvent``.
Deadlines are computed once, when the event that starts them happens, and stored with the
rule that produced them.
"""

from wijkteam.incidents.models.calamity import Calamity
from wijkteam.incidents.models.follow_up import CareNeed, FollowUpAction
from wijkteam.incidents.models.incident import Incident, IncidentEvent

__all__ = ["Calamity", "CareNeed", "FollowUpAction", "Incident", "IncidentEvent"]
