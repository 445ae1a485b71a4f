"""The periodic background tasks, created in django-q2's schedule table after every migrate.

Each entry names a task function (a thin wrapper in ``<app>/tasks.py``); the ``qcluster``
started by ``make run`` (or by the production service manager) runs them. Creating them is
idempotent: an existing schedule keeps its next run and gets the current function and interval.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledTask:
    name: str
    func: str
    minutes: int  # interval in minutes


def scheduled_tasks() -> tuple[ScheduledTask, ...]:
    from django.conf import settings

    return (
        ScheduledTask(
            name="send_due_reminders",
            func="wijkteam.notifications.tasks.send_due_reminders_task",
            minutes=settings.REMINDER_INTERVAL_MINUTES,
        ),
        ScheduledTask(
            name="apply_retention",
            func="wijkteam.privacy.tasks.apply_retention_task",
            minutes=24 * 60,  # daily; idempotent, so a missed or repeated day does no harm
        ),
        ScheduledTask(
            name="purge_expired_inzages",
            func="wijkteam.privacy.inzage_tasks.purge_expired_inzages_task",
            minutes=60,  # hourly: inzage files go soon after INZAGE_DOWNLOAD_HOURS
        ),
    )


def ensure_schedules(using="default", **kwargs) -> None:
    from django_q.models import Schedule

    for task in scheduled_tasks():
        Schedule.objects.using(using).update_or_create(
            name=task.name,
            defaults={
                "func": task.func,
                "schedule_type": Schedule.MINUTES,
                "minutes": task.minutes,
                "repeats": -1,
            },
        )
