from django.db import migrations, models


class Migration(migrations.Migration):
    """The state constraints, after 0002 filled the state of closed cases (a separate
    migration: PostgreSQL refuses to alter a table with pending row updates in one
    transaction)."""

    dependencies = [
        ("support", "0002_case_cycle"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='supportcase',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'closed'), ('closed_on__isnull', False)), models.Q(models.Q(('state', 'closed'), _negated=True), ('closed_on__isnull', True)), _connector='OR'), name='case_closed_on_iff_closed', violation_error_message='A case has a closing date exactly when it is closed.'),
        ),
        migrations.AddConstraint(
            model_name='supportcase',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'closed'), _negated=True), models.Q(('closure_reason', ''), _negated=True), _connector='OR'), name='case_closed_has_reason', violation_error_message='A closed case needs a closure reason.'),
        ),
    ]
