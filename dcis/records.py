"""All the pages of a simple record type from one declaration: the fields it shows.

Reference data that central staff keep (zones, themes, requesting services…) need no
code of their own: `record_type_urls("themes", Theme, fields=[…], search=[…])` gives them
a list with its filters, columns and exports, a detail page, create and edit pages, a
history and a delete page, all through the generic views and the access policy.
"""

from django.db import models
from django.forms import modelform_factory

from . import tables
from .filters import RecordFilterSet
from .forms import RecordForm
from .import_views import import_urls
from .imports import RecordImporter
from .views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordUpdateView,
    record_urls,
)


def column_for(model, name, first=False):
    """The column that shows a model field the way its type asks."""
    field = model._meta.get_field(name)
    label = field.verbose_name
    if first:
        return tables.LinkColumn(verbose_name=label)
    if field.many_to_many:
        return tables.ManyColumn(name, verbose_name=label)
    if field.choices:
        return tables.ChoiceColumn(verbose_name=label)
    if isinstance(field, models.ForeignKey):
        ordering = field.related_model._meta.ordering or ["pk"]
        return tables.TextColumn(verbose_name=label, order_by=[f"{name}__{key.lstrip('-')}" for key in ordering])
    if isinstance(field, models.BooleanField):
        return tables.BooleanColumn(verbose_name=label)
    if isinstance(field, models.DateField):
        return tables.DateColumn(verbose_name=label)
    if isinstance(field, models.IntegerField):
        return tables.IntegerColumn(verbose_name=label)
    if isinstance(field, models.EmailField):
        return tables.EmailColumn(verbose_name=label)
    return tables.Column(verbose_name=label)


def table_for(model, fields):
    columns = {name: column_for(model, name, first=i == 0) for i, name in enumerate(fields)}
    meta = type("Meta", (tables.RecordTable.Meta,), {"model": model, "fields": ()})
    return type(f"{model.__name__}Table", (tables.RecordTable,), {**columns, "Meta": meta})


def filterset_for(model, search):
    meta = type("Meta", (RecordFilterSet.Meta,), {"model": model, "fields": []})
    return type(f"{model.__name__}FilterSet", (RecordFilterSet,), {"search_fields": tuple(search), "Meta": meta})


def record_type_urls(prefix, model, fields, search, form_fields=None, select_related=(), delete=True, **own_views):
    """The URLs of every page of a record type, named `<model>-<verb>`; `own_views` replace
    the generic view of a verb where a record type needs its own (`create=…`). Its import
    reads the list's columns (`dcis.imports`)."""
    form_class = modelform_factory(model, form=RecordForm, fields=form_fields or fields)
    common = {"model": model, "select_related": tuple(select_related)}
    table_class = table_for(model, fields)
    views = {
        "list": type(
            f"{model.__name__}ListView",
            (RecordListView,),
            {**common, "table_class": table_class, "filterset_class": filterset_for(model, search)},
        ),
        "detail": type(f"{model.__name__}DetailView", (RecordDetailView,), {**common, "fields": tuple(fields)}),
        "create": type(f"{model.__name__}CreateView", (RecordCreateView,), {**common, "form_class": form_class}),
        "update": type(f"{model.__name__}UpdateView", (RecordUpdateView,), {**common, "form_class": form_class}),
        "history": RecordHistoryView,
    }
    if delete:
        views["delete"] = RecordDeleteView
    importer = RecordImporter(model, table_class)
    return [*record_urls(prefix, model, **{**views, **own_views}), *import_urls(prefix, importer)]
