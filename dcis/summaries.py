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

import functools
import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils.translation import get_language

TIMEOUT = 10 * 60


def last_change(model):
    """The number of the newest history row of the model: it grows with every write."""
    return last_changes([model])[0]


@functools.cache
def history_table(model):
    """(table, primary key column) of the model's history: `model.history` builds a manager class
    each time it is read, which costs more than the query."""
    meta = model.history.model._meta
    return meta.db_table, meta.pk.column


def last_changes(models, using="default"):
    """`last_change` of each model, in one query."""
    quote = connections[using].ops.quote_name
    columns = ", ".join(
        f"(SELECT MAX({quote(column)}) FROM {quote(table)})" for table, column in map(history_table, models)
    )
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


# Query parameters that change a list's page, not its filters.
NOT_FILTERS = {"page", "sort", "per_page", "export"}


def filter_form_key(name, request, form):
    """A cache key for a list's filter form as drawn for this request, or None when it cannot be
    kept: the choices it offers come from records whose changes the key follows (their history),
    and it is kept per user, language and filters chosen. Drawn, such a form is a third of a
    list's time (some eighty options) and a query per select."""
    models = set()
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if not getattr(queryset.model._meta, "simple_history_manager_attribute", None):
            return None
        models.add(queryset.model)
    chosen = sorted((key, request.GET.getlist(key)) for key in request.GET if key not in NOT_FILTERS)
    changes = last_changes(sorted(models, key=lambda model: model._meta.label)) if models else []
    fingerprint = repr((name, get_language(), request.user.pk, chosen, changes))
    return hashlib.sha256(fingerprint.encode()).hexdigest()
