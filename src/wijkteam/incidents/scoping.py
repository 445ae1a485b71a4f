"""Who may see which incident: the Q objects shared by views, API and figures.

* Everyone with ``incidents.view_incident`` sees the incidents they reported, the ones they
  were involved in as a staff member, and the ones where they own an open follow-up action
  (until it is done).
* With ``incidents.view_team_incidents`` (teammanager) also every incident of their active
  teams.
* With ``incidents.view_all_incidents`` (quality staff) every incident.
* Without ``incidents.view_incident`` (municipality, board, functioneel beheer): none. They
  get aggregated figures only, through the ``quality`` app.

Rows about an incident (history, follow-up actions, calamity procedure, care needs) follow
their incident (``prefix="incident__"``). A resident named on an incident is shown only to
users who may see that resident (``residents.scoping``); the incident itself does not open
the resident's file.
"""

from django.db.models import Exists, OuterRef, Q


def can_see_incidents(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("incidents.view_incident"))


def sees_all_incidents(user) -> bool:
    return user.has_perm("incidents.view_all_incidents")


def incident_scope(user, prefix: str = "") -> Q:
    """The Q that selects incidents visible to ``user`` (who must pass ``can_see_incidents``);
    ``prefix`` (e.g. ``"incident__"``) for rows that point to an incident."""
    from wijkteam.incidents.models import FollowUpAction, Incident

    if sees_all_incidents(user):
        return Q()
    involved = Incident.staff_involved.through.objects.filter(
        incident_id=OuterRef(f"{prefix}pk"), user_id=user.pk
    )
    owns_action = FollowUpAction.objects.filter(
        incident_id=OuterRef(f"{prefix}pk"), owner_id=user.pk, done_on__isnull=True
    )
    scope = Q(**{f"{prefix}reporter_id": user.pk}) | Q(Exists(involved)) | Q(Exists(owns_action))
    if user.has_perm("incidents.view_team_incidents"):
        scope |= Q(**{f"{prefix}team_id__in": user.active_team_ids()})
    return scope
