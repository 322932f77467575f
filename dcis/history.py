"""Readable history: who changed what and when, field by field (django-simple-history).

Everything here works on lists already fetched, and looks up the records that
foreign keys point to in one query per field, so a history page costs the same
number of queries whatever its length.
"""

import datetime
from contextlib import contextmanager
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


def many_fields(model):
    """The many-to-many fields whose values each historical row keeps (`_history_m2m_fields`)."""
    return [model._meta.get_field(name) for name in getattr(model, "_history_m2m_fields", ())]


def many_history_model(model, field):
    """The model of the rows that keep `field`'s values for each historical row of `model`."""
    return getattr(model.history.model, field.name).model


def many_values(model, records):
    """{field name: {history id: set of related pks}} for the historical `records`, and the
    related records' names {field name: {pk: name}}: two queries per many-to-many field."""
    values, names = {}, {}
    ids = [record.history_id for record in records]
    for relation in many_fields(model):
        target = relation.m2m_reverse_name()
        rows = many_history_model(model, relation).objects.filter(history_id__in=ids).values_list("history_id", target)
        kept = {history_id: set() for history_id in ids}
        for history_id, pk in rows:
            kept[history_id].add(pk)
        values[relation.name] = kept
        pks = set().union(*kept.values())
        related = relation.related_model._base_manager.in_bulk(pks) if pks else {}
        names[relation.name] = {pk: str(obj) for pk, obj in related.items()}
    return values, names


def record_many(model, history_records):
    """Keep, for each historical row, the many-to-many values its record holds now: what
    django-simple-history's bulk writer (`bulk_history_create`) leaves out. One query per field
    to read, one to write."""
    by_record = {record.id: record for record in history_records}
    for relation in many_fields(model):
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        rows = through._base_manager.filter(**{f"{source}_id__in": by_record}).values_list(
            "pk", f"{source}_id", f"{target}_id"
        )
        many_history_model(model, relation).objects.bulk_create(
            [
                many_history_model(model, relation)(
                    id=pk, history=by_record[record_id], **{f"{source}_id": record_id, f"{target}_id": target_id}
                )
                for pk, record_id, target_id in rows
            ],
            batch_size=1000,
        )


@contextmanager
def one_entry(model):
    """One history entry for each record a save in the block writes: `with one_entry(Model) as
    saved: saved.append(record.save() …)`.

    django-simple-history writes a row when the record is saved, with its many-to-many values as
    they were, then one more each time a many-to-many field changes. What the user did is one
    change: the last row, which holds everything as it ends, is kept, with the first row's kind
    (created or changed); the others go.
    """
    history = model.history.model
    before = history.objects.aggregate(last=models.Max("history_id"))["last"] or 0
    saved = []
    yield saved
    for record in saved:
        written = list(history.objects.filter(id=record.pk, history_id__gt=before).order_by("history_id"))
        if len(written) < 2:
            continue
        first, last = written[0], written[-1]
        if last.history_type != first.history_type:
            last.history_type = first.history_type
            last.save(update_fields=["history_type"])
        dropped = [row.history_id for row in written[:-1]]
        for relation in many_fields(model):
            many_history_model(model, relation).objects.filter(history_id__in=dropped).delete()
        history.objects.filter(history_id__in=dropped).delete()


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


def names_of(pks, names):
    return ", ".join(sorted((names.get(pk, _("deleted record #%(pk)s") % {"pk": pk}) for pk in pks), key=str.lower))


def changes_between(model, old, new, related, many=None):
    """The fields that differ between two historical records, with readable values; with
    `many` (from `many_values`), the many-to-many fields too."""
    changes = []
    for f in tracked_fields(model):
        before = getattr(old, f.attname) if old is not None else None
        after = getattr(new, f.attname)
        if before != after:
            changes.append(Change(str(f.verbose_name), display(f, before, related), display(f, after, related)))
    if many is not None:
        values, names = many
        for f in many_fields(model):
            before = values[f.name].get(old.history_id, set()) if old is not None else set()
            after = values[f.name].get(new.history_id, set())
            if before != after:
                changes.append(
                    Change(
                        str(f.verbose_name),
                        names_of(before, names[f.name]) or "—",
                        names_of(after, names[f.name]) or "—",
                    )
                )
    return changes


def changes_since(model, old, new):
    """What changed from one historical record to a later one (old None: since creation)."""
    records = [r for r in (old, new) if r is not None]
    return changes_between(model, old, new, related_objects(model, records), many_values(model, records))


def entries(model, records):
    """Readable entries, newest first, from a record's historical rows (any order)."""
    records = sorted(records, key=lambda record: (record.history_date, record.history_id))
    related = related_objects(model, records)
    many = many_values(model, records)
    result, previous = [], None
    for record in records:
        changes = [] if record.history_type == "-" else changes_between(model, previous, record, related, many)
        result.append(Entry(record, ACTIONS[record.history_type], changes))
        previous = record
    return list(reversed(result))
