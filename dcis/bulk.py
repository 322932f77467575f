"""Writing many records at once, each with its history's creation row (`manage.py seed_scale`).

The path goes around `save()`: no `full_clean()`, no signals, so django-simple-history writes
no history row on its own; the writer adds one per record (type "+", no user, one date for
the whole run), as `simple_history.utils.bulk_create_with_history` does. Whoever calls it
answers for the rules the models would have checked; the database's constraints still apply.

On PostgreSQL the rows go through COPY, keys drawn from the table's sequence first: some ten
times faster than `bulk_create`, whose SQL Django builds value by value. Elsewhere (SQLite for
the tests), `bulk_create`.
"""

from collections import Counter
from operator import attrgetter

from django.db import connection
from django.db.models import FileField
from django.utils import timezone

HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def column_values(fields):
    """A function giving a record's values as the database stores them, for the plain values the
    generators set (TextChoices members are str: psycopg writes their value)."""
    getters = [
        (lambda record, name=field.attname: getattr(record, name).name or "")
        if isinstance(field, FileField)
        else attrgetter(field.attname)
        for field in fields
    ]
    return lambda record: tuple(getter(record) for getter in getters)


class BulkWriter:
    """Creates records in batches and counts what it wrote, by table."""

    def __init__(self, batch_size=2000, reason=None):
        self.batch_size = batch_size
        self.reason = reason
        self.date = timezone.now()
        self.counts = Counter()
        self.copy = connection.vendor == "postgresql"

    def create(self, model, records):
        """Save new records (their keys filled in) and their history; returns them."""
        records = list(records)
        if not records:
            return records
        history = getattr(model, "history", None)
        if self.copy:
            self.copy_records(model, records)
        else:
            model._default_manager.bulk_create(records, batch_size=self.batch_size)
            if history is not None:
                history.bulk_history_create(
                    records, batch_size=self.batch_size, default_date=self.date, default_change_reason=self.reason
                )
        self.count(model, len(records))
        return records

    def create_values(self, model, values):
        """Like `create`, from dicts of column values by attribute name (`post_id`), lighter than
        model instances when there are hundreds of thousands; returns their keys in order."""
        if not self.copy:
            return [record.pk for record in self.create(model, [model(**row) for row in values])]
        fields = [field for field in model._meta.concrete_fields if not field.generated]
        defaults = [(field.attname, field.get_default()) for field in fields]
        rows = [tuple(row.get(name, default) for name, default in defaults) for row in values]
        keys = self.copy_keyed_rows(model, fields, rows)
        self.count(model, len(rows))
        return keys

    def count(self, model, number):
        self.counts[model._meta.label] += number
        history = getattr(model, "history", None)
        if history is not None:
            self.counts[history.model._meta.label] += number

    def link(self, field, pairs):
        """Rows of a many-to-many field (`Action.themes`) from (record key, related key) pairs."""
        through = field.through
        source, target = field.field.m2m_field_name(), field.field.m2m_reverse_field_name()
        columns = [through._meta.get_field(source).column, through._meta.get_field(target).column]
        if self.copy:
            self.copy_rows(through._meta.db_table, columns, pairs)
        else:
            rows = [through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in pairs]
            through.objects.bulk_create(rows, batch_size=self.batch_size * 2)
        self.counts[through._meta.label] += len(pairs)

    # PostgreSQL

    def copy_records(self, model, records):
        fields = [field for field in model._meta.concrete_fields if not field.generated]
        values = column_values(fields)
        keys = self.copy_keyed_rows(model, fields, [values(record) for record in records])
        for record, key in zip(records, keys, strict=True):
            record.pk = key

    def copy_keyed_rows(self, model, fields, rows):
        """Write rows (their key column left empty) and their history; returns the keys."""
        meta = model._meta
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            keys = [key for (key,) in cursor.fetchall()]
        position = fields.index(meta.pk)
        rows = [(*row[:position], key, *row[position + 1 :]) for row, key in zip(rows, keys, strict=True)]
        self.copy_rows(meta.db_table, [field.column for field in fields], rows)
        history = getattr(model, "history", None)
        if history is not None:
            self.copy_history(history.model, fields, rows)
        return keys

    def copy_history(self, historical, fields, rows):
        """One creation row per record: the record's values, then the history's own."""
        own = (self.date, self.reason, "+", None)
        tracked = [historical._meta.get_field(field.attname).column for field in fields]
        columns = tracked + [historical._meta.get_field(name).column for name in HISTORY_FIELDS]
        self.copy_rows(historical._meta.db_table, columns, (row + own for row in rows))

    @staticmethod
    def copy_rows(table, columns, rows):
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
