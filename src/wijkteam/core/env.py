"""Typed access to environment variables.

Every setting of wijkteam is read through :func:`env`. The cast is inferred from the
default (bool, int, float, list, str); every variable is documented in
``docs/configuration.md`` and ``ENV_VARS`` keeps the list that a test compares with it.
"""

import os
from typing import Any

ENV_VARS: dict[str, str] = {}

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee", ""}


class ImproperlyConfiguredEnv(ValueError):
    pass


def env(name: str, default: Any = None, *, doc: str = "", cast: type | None = None) -> Any:
    """Read ``name`` from the environment, cast like ``default``."""
    if doc:
        ENV_VARS[name] = doc
    raw = os.environ.get(name)
    if raw is None:
        return default
    target = cast or (type(default) if default is not None else str)
    if target is bool:
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfiguredEnv(f"{name}: expected a boolean, got {raw!r}")
    if target is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    try:
        return target(raw)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfiguredEnv(f"{name}: cannot read {raw!r} as {target.__name__}") from exc
