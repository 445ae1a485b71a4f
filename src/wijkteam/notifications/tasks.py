"""Background tasks (django-q2): thin wrappers that call the services."""

from wijkteam.notifications import services


def send_due_reminders_task() -> dict:
    return services.send_due_reminders().as_dict()


def email_notification_task(notification_id: int) -> bool:
    return services.email_notification(notification_id)
