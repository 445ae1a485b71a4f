"""Drop the TRUNCATE triggers of 0002 on PostgreSQL (row UPDATE/DELETE stay refused).

TRUNCATE is a table owner's operation; refusing it by trigger only got in the way of test
isolation, while an owner could drop the trigger anyway. Production keeps the logs safe by
running the application under a role that does not own the tables.
"""

from django.db import migrations

TABLES = ["core_accesslogentry", "core_authevent", "auditlog_logentry"]


def drop_truncate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {table}_no_truncate ON "{table}"')


class Migration(migrations.Migration):
    dependencies = [("core", "0003_add_unlock_event")]

    operations = [migrations.RunPython(drop_truncate_triggers, migrations.RunPython.noop)]
