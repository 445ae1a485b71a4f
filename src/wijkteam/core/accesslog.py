"""Write the access log: every read of a resident's data (NEN 7513).

Views and API viewsets call :func:`record_access` explicitly after they have fetched the
residents they are about to show; a list writes one entry per resident shown, in one query.
"""

from collections.abc import Iterable

from wijkteam.core.models import AccessAction, AccessChannel, AccessLogEntry


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_access(
    *,
    user,
    resident_ids: Iterable[int],
    action: str,
    context: str,
    channel: str = AccessChannel.UI,
    request=None,
    reason: str = "",
) -> list[AccessLogEntry]:
    """Append one entry per resident; one INSERT whatever the number of residents."""
    ids = list(dict.fromkeys(resident_ids))  # de-duplicate, keep order
    if not ids:
        return []
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    path = request.get_full_path()[:500] if request is not None else ""
    ip = client_ip(request)
    entries = [
        AccessLogEntry(
            user=user,
            resident_id=rid,
            action=action,
            channel=channel,
            context=context[:200],
            reason=reason[:500],
            path=path,
            ip_address=ip,
        )
        for rid in ids
    ]
    return AccessLogEntry.objects.bulk_create(entries)
