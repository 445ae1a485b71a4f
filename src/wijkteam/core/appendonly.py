"""Database triggers that make log tables append-only on SQLite and PostgreSQL."""

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION wijkteam_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP;
END $$;
"""


def protect_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            PG_FUNCTION,
            f'DROP TRIGGER IF EXISTS {table}_append_only ON "{table}"',
            f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION wijkteam_append_only()",
            # TRUNCATE is left to database privileges: the application's role must not own
            # these tables in production (docs/architecture.md).
            f'DROP TRIGGER IF EXISTS {table}_no_truncate ON "{table}"',
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f'CREATE TRIGGER {table}_no_update BEFORE UPDATE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: UPDATE refused'); END",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
            f'CREATE TRIGGER {table}_no_delete BEFORE DELETE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: DELETE refused'); END",
        ]
    raise NotImplementedError(f"append-only triggers are not written for {vendor}")


def unprotect_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS {table}_append_only ON "{table}"',
            f'DROP TRIGGER IF EXISTS {table}_no_truncate ON "{table}"',
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update",
        f"DROP TRIGGER IF EXISTS {table}_no_delete",
    ]


def make_operations(tables: list[str]):
    """RunPython forwards/backwards functions protecting ``tables``."""

    def forwards(apps, schema_editor):
        for table in tables:
            for sql in protect_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)

    def backwards(apps, schema_editor):
        for table in tables:
            for sql in unprotect_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)

    return forwards, backwards
