"""Figures over many records, computed once per state of the records rather than on every page.

A list's totals and medians read every row its filters select: at ten times the network, every
technical action (400,000 rows, 50 ms) each time a page of the list is shown, sorted or turned.
They change only when a record of the list's type changes, and every change writes a history
row — the forms, the services, the imports, the admin, deletions, the scale data set all do — so
the newest history row's number says whether a figure computed earlier still holds. Reading it
walks the history table's primary key: one row, a fraction of a millisecond.

The figure is kept in Django's cache under its query (SQL and parameters, so under the user's
visibility and filters too) and that number. Figures that also read other records (a post's
name, a zone's members) could lag behind a change to those until the cache forgets them:
`TIMEOUT` bounds that. The cache is each process's memory unless `CACHES` says otherwise; each
process computes a figure once per change, and none ever shows a figure older than the records
it counts.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections

TIMEOUT = 10 * 60


def last_change(model):
    """The number of the newest history row of the model: it grows with every write."""
    return last_changes([model])[0]


def last_changes(models, using="default"):
    """`last_change` of each model, in one query."""
    history = [model.history.model._meta for model in models]
    quote = connections[using].ops.quote_name
    columns = ", ".join(f"(SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)})" for meta in history)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # names from the models, quoted: no user input
        return list(cursor.fetchone())


def remembered(name, queryset, compute, *more, also=()):
    """`compute(queryset, *more)`, or the value it gave for the same queries since the last
    change to their records. `more`: other querysets the figure reads; `also`: other models
    whose records it reads (in a subquery, a join)."""
    querysets = (queryset, *more)
    try:
        queries = [(qs.db, *qs.query.sql_with_params()) for qs in querysets]
    except EmptyResultSet:  # a filter that selects nothing: no query to run, nothing to keep
        return compute(*querysets)
    models = sorted({qs.model for qs in querysets} | set(also), key=lambda model: model._meta.label)
    changes = last_changes(models, queryset.db)
    fingerprint = repr((name, queries, changes))
    key = "summary:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute(*querysets)
        cache.set(key, value, TIMEOUT)
    return value
