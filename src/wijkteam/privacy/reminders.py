"""The privacy app's reminders for the scheduled reminder task (notifications app): each
part of the app adds its own provider here."""

import datetime
from collections.abc import Iterable

from wijkteam.notifications.services import Reminder


def due_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    from wijkteam.privacy.rectification_reminders import due_reminders as rectification

    # AVG rights: open rectification requests near or past their answer date.
    yield from rectification(now)
