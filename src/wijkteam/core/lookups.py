"""Query lookups that keep hostile input from reaching the database driver.

Django answers ``pk=<number beyond the column>`` with "no rows" (``IntegerFieldOverflow``),
but passes such numbers on for ``pk__in``: SQLite then raises ``OverflowError`` (a server
error). ``ModelMultipleChoiceField`` checks submitted choices with ``pk__in``, so any
multiple-choice form field could be made to fail with one huge number. Found by
tests/security/test_hostile_forms.py.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``in`` for integer columns: values outside the column's range match nothing."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
