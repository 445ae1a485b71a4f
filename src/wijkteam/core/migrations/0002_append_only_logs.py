"""Make the access log, sign-in events and the audit trail append-only in the database."""

from django.db import migrations

from wijkteam.core.appendonly import make_operations

TABLES = ["core_accesslogentry", "core_authevent", "auditlog_logentry"]

forwards, backwards = make_operations(TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
