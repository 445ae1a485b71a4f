"""Backup and restore of the whole database, for SQLite and PostgreSQL.

SQLite uses the online backup API (consistent while the application runs); PostgreSQL uses
``pg_dump --format=custom`` and ``pg_restore --clean``. A backup file carries the vendor in its
name so a restore cannot mix them up. ``table_fingerprint`` proves a restore complete: it
hashes every row of every table in primary-key order.
"""

import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    pass


def _db(alias="default"):
    return settings.DATABASES[alias]


def vendor(alias="default") -> str:
    return connections[alias].vendor


def backup(target_dir: Path, alias="default", now=None) -> Path:
    """Write a backup of database ``alias`` into ``target_dir`` and return its path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    kind = vendor(alias)
    if kind == "sqlite":
        path = target_dir / f"wijkteam-{stamp}.sqlite3"
        source = sqlite3.connect(_db(alias)["NAME"])
        try:
            dest = sqlite3.connect(path)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        return path
    if kind == "postgresql":
        path = target_dir / f"wijkteam-{stamp}.pgdump"
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}", _pg_dsn(alias)])
        return path
    raise BackupError(f"backups are not supported for {kind}")


def restore(source: Path, alias="default") -> None:
    """Replace the contents of database ``alias`` by the backup ``source``."""
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    kind = vendor(alias)
    connections[alias].close()
    if kind == "sqlite":
        if source.suffix != ".sqlite3":
            raise BackupError("this is not a SQLite backup")
        target = Path(_db(alias)["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        tmp = target.with_suffix(".restoring")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
        return
    if kind == "postgresql":
        if source.suffix != ".pgdump":
            raise BackupError("this is not a PostgreSQL backup")
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_pg_dsn(alias)}",
                str(source),
            ]
        )
        return
    raise BackupError(f"restores are not supported for {kind}")


def table_fingerprint(alias="default") -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 over all rows, per table, ordered by the first column."""
    connection = connections[alias]
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608 - table names from introspection
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
    return result


def _pg_dsn(alias="default") -> str:
    db = _db(alias)
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{db['NAME']}"


def _run(args):
    try:
        subprocess.run(args, check=True, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupError(f"{args[0]} is not installed") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{args[0]} failed: {exc.stderr.strip()}") from exc
