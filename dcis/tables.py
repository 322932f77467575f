"""The columns of a list, declared once in Python next to the queryset that feeds them.

A record type's table (django-tables2) says which columns its list shows, in which order,
how each sorts and how each is written: on the page (HTML, French formats) and in an
export (typed values: dates stay dates, amounts numbers). The same declaration feeds
the list page, the CSV and XLSX exports and, later, imports and the API.
"""

import django_tables2 as tables
from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from . import formatting

# Joins the names of a record's many related records in one SQL value; split again in Python.
SEPARATOR = "\x1f"


class ListAgg(models.Aggregate):
    """The values of a column joined in one string (STRING_AGG / GROUP_CONCAT)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '\x1f')"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="%(function)s((%(expressions)s)::text, '\x1f')", **extra_context
        )


class Column(tables.Column):
    """A column whose exported value is the raw value (typed), not its HTML."""

    #: How an XLSX cell shows the value (an Excel number format), None for text.
    number_format = None

    def value(self, value):
        return value


class TextColumn(Column):
    def value(self, value):
        return str(value)


class DateColumn(Column):
    """A date, written `26/12/2026` in French."""

    number_format = "DD/MM/YYYY"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "dcis-date"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formats.date_format(value, "SHORT_DATE_FORMAT")


class IntegerColumn(Column):
    number_format = "#,##0"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "dcis-number"}, "th": {"class": "dcis-number"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formatting.number(value)


class AmountColumn(IntegerColumn):
    """An amount in euros, written `67 500 000 €` or `11 500,50 €` in French; a number with two decimals
    in a spreadsheet."""

    number_format = '#,##0.00 "€"'

    def render(self, value):
        return formatting.amount(value)


class BooleanColumn(Column):
    def render(self, value):
        return _("yes") if value else _("no")

    def value(self, value):
        return str(self.render(value))


class ChoiceColumn(TextColumn):
    """A field with choices: its label, on the page and in an export (django-tables2 resolves it)."""


class LinkColumn(TextColumn):
    """The record's name, linking to its page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("linkify", True)
        super().__init__(*args, **kwargs)


class EmailColumn(TextColumn):
    """An e-mail address, a link that writes to it; as the address alone in an export."""

    def render(self, value):
        return format_html('<a href="mailto:{}">{}</a>', value, value)


# A list's cell names at most this many related records.
NAMES_SHOWN = 5


class ManyColumn(Column):
    """The names of a record's many related records, joined, read from one SQL annotation.

    `related` is the many-to-many (or reverse) field on the table's model, `field` the
    related model's field that names each one. The list's queryset gets the annotation
    from `RecordTable.annotate`, so a page or an export costs no query per row.
    """

    def __init__(self, related, field="name", *args, **kwargs):
        self.related, self.field = related, field
        kwargs.setdefault("accessor", self.annotation_name)
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", (None, ""))
        super().__init__(*args, **kwargs)

    @property
    def annotation_name(self):
        return f"{self.related}_joined"

    def annotation(self, model):
        relation = model._meta.get_field(self.related)
        related_model = relation.related_model
        back = relation.remote_field.name if relation.auto_created else relation.related_query_name()
        names = (
            related_model._base_manager.filter(**{back: OuterRef("pk")})
            .order_by()
            .values(back)
            .annotate(joined=ListAgg(self.field))
            .values("joined")
        )
        return Subquery(names)

    def names(self, value):
        return sorted(str(name) for name in value.split(SEPARATOR))

    def render(self, value):
        """The first names, then how many more: a cell stays a line or two however many there are
        (the record's page and the export list them all)."""
        names = self.names(value)
        shown = format_html_join(", ", "{}", ((name,) for name in names[:NAMES_SHOWN]))
        more = len(names) - NAMES_SHOWN
        if more <= 0:
            return shown
        others = ngettext("and %(count)s other", "and %(count)s others", more) % {"count": formatting.number(more)}
        return format_html("{} {}", shown, others)

    def value(self, value):
        return "; ".join(self.names(value))


class RecordTable(tables.Table):
    """A list's columns. Subclasses name the model and declare columns in display order.

    `default_columns`: the columns shown until the user chooses others (all when None);
    the first column is always shown.
    """

    default_columns = None

    class Meta:
        template_name = "records/table.html"
        order_by_field = "sort"
        attrs = {"class": "dcis-table"}

    @classmethod
    def annotate(cls, queryset):
        """The queryset with the annotations its many-valued columns read."""
        many = {
            column.annotation_name: column.annotation(queryset.model)
            for column in cls.base_columns.values()
            if isinstance(column, ManyColumn)
        }
        return queryset.annotate(**many) if many else queryset

    @classmethod
    def column_choices(cls):
        """(name, header) of every column, for the column chooser."""
        return [(name, column.verbose_name or name) for name, column in cls.base_columns.items()]

    @classmethod
    def shown_by_default(cls):
        return list(cls.default_columns or cls.base_columns)


class ExportRecordTable(RecordTable):
    exported_at = Column(verbose_name=_("exported at"))
    user = TextColumn(verbose_name=_("user"), order_by=("user__username",))
    list_name = Column(verbose_name=_("list"))
    format = ChoiceColumn(verbose_name=_("format"))
    filters = Column(verbose_name=_("filters"), orderable=False)

    def render_exported_at(self, value):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class ImportRecordTable(RecordTable):
    imported_at = Column(verbose_name=_("imported at"))
    user = TextColumn(verbose_name=_("user"), order_by=("user__username",))
    record_type = Column(verbose_name=_("record type"))
    file_name = Column(verbose_name=_("file"))
    dry_run = BooleanColumn(verbose_name=_("preview only"))
    rows = IntegerColumn(verbose_name=_("rows read"))
    # Short headings, that ten columns fit the page: "records" goes without saying.
    created = IntegerColumn(verbose_name=pgettext_lazy("records", "created"))
    updated = IntegerColumn(verbose_name=pgettext_lazy("records", "updated"))
    unchanged = IntegerColumn(verbose_name=pgettext_lazy("records", "unchanged"))
    invalid = IntegerColumn(verbose_name=_("invalid rows"))

    def render_imported_at(self, value):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")

    def render_record_type(self, value):
        try:
            return capfirst(apps.get_model(value)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return value

    def value_record_type(self, value):
        return str(self.render_record_type(value))
