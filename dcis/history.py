"""Readable history: who changed what and when, field by field (django-simple-history).

Everything here works on lists already fetched, and looks up the records that
foreign keys point to in one query per field, so a history page costs the same
number of queries whatever its length.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import formatting

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: object
    action: str
    changes: list = field(default_factory=list)

    @property
    def date(self):
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def who(self):
        return who(self.user)


def who(user):
    """How a user is named on a history line: full name, else username (None: unknown)."""
    return (user.get_full_name() or user.get_username()) if user else None


def tracked_fields(model):
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def related_objects(model, records):
    """{field name: {pk: object}} for every foreign key of `model` named in `records`."""
    found = {}
    for f in tracked_fields(model):
        if isinstance(f, models.ForeignKey):
            ids = {getattr(record, f.attname) for record in records} - {None}
            found[f.name] = f.related_model._base_manager.in_bulk(ids) if ids else {}
    return found


def attach_related(model, instances):
    """Fill the foreign-key caches of `instances`, so that `str()` needs no query."""
    related = related_objects(model, instances)
    for instance in instances:
        for name, objects in related.items():
            target = objects.get(getattr(instance, f"{name}_id"))
            if target is not None:
                setattr(instance, name, target)
    return instances


def display(model_field, value, related):
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.ForeignKey):
        target = related.get(model_field.name, {}).get(value)
        return str(target) if target is not None else _("deleted record #%(pk)s") % {"pk": value}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date):
        return formatting.short_date(value)
    if isinstance(value, Decimal):
        return formatting.amount(value)
    if isinstance(value, int):
        return formatting.number(value)
    return str(value)


def changes_between(model, old, new, related):
    """The fields that differ between two historical records, with readable values."""
    changes = []
    for f in tracked_fields(model):
        before = getattr(old, f.attname) if old is not None else None
        after = getattr(new, f.attname)
        if before != after:
            changes.append(Change(str(f.verbose_name), display(f, before, related), display(f, after, related)))
    return changes


def changes_since(model, old, new):
    """What changed from one historical record to a later one (old None: since creation)."""
    return changes_between(model, old, new, related_objects(model, [r for r in (old, new) if r is not None]))


def entries(model, records):
    """Readable entries, newest first, from a record's historical rows (any order)."""
    records = sorted(records, key=lambda record: (record.history_date, record.history_id))
    related = related_objects(model, records)
    result, previous = [], None
    for record in records:
        changes = [] if record.history_type == "-" else changes_between(model, previous, record, related)
        result.append(Entry(record, ACTIONS[record.history_type], changes))
        previous = record
    return list(reversed(result))
