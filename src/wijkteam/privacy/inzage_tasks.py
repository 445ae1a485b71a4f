"""Background task of the inzage (django-q2): a thin wrapper that calls the service."""


def purge_expired_inzages_task() -> dict:
    from wijkteam.privacy.inzage import purge_expired_inzages

    return {"purged": purge_expired_inzages()}
