"""Figures the database computes in both engines: the median of a group, whole days between dates.

PostgreSQL has the median (`PERCENTILE_CONT`); SQLite has none, so each new SQLite connection
gets one written in Python (`add_sqlite_functions`, run on `connection_created`). Either way a
median is computed per group where the rows are, never by loading every row into a page.
"""

import statistics

from django.db import models

SQLITE_MEDIAN = "dcis_median"


class Median(models.Aggregate):
    """The median of the non-null values, as `statistics.median` gives it: the middle value, or
    the mean of the middle two for an even count; None without any value. A float."""

    name = "Median"
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function=SQLITE_MEDIAN, template="%(function)s(%(expressions)s)", **extra_context
        )


class DaysBetween(models.Func):
    """Whole days from `start` to `end`, two dates (None if either is), as an integer."""

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "  # PostgreSQL: a date minus a date is a number of days
    output_field = models.IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class SQLiteMedian:
    """The median aggregate SQLite lacks (`sqlite3.Connection.create_aggregate`)."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return float(statistics.median(self.values)) if self.values else None


def add_sqlite_functions(sender, connection, **kwargs):
    """Give each new SQLite connection the functions the aggregates above call."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAN, 1, SQLiteMedian)
