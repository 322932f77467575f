"""Spreadsheets in: a list's own columns read back, each row held to the model layer's rules
and the access policy before anything is written.

django-import-export runs the import (`Resource.import_data`): a dry run inside a transaction
that is rolled back gives the preview; confirming runs the same rows again for real, in one
transaction. Its row results give the counts and the invalid rows. What is the register's own:

- the columns are the list's table (`dcis.tables`) — the export's columns, headers in French or
  English as the export writes them — plus the export's identifier column: a row with an
  identifier updates that record, a row without one creates a record;
- cells are read as the export writes them (choice labels, names of related records, French
  dates and amounts); a cell that does not read gives a message on its column;
- each row goes through the access policy (`editable_by`, the records a form would offer) and
  the record type's own save (its service, `full_clean`) under a savepoint, with the importing
  user in its history.
"""

import codecs
import csv
import datetime
import decimal
import io
import re
import unicodedata
from collections import OrderedDict, defaultdict
from functools import cached_property, lru_cache

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields as import_fields
from import_export import resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from . import history as record_history
from . import tables
from .access import access_for
from .export import IDENTIFIER_HEADER
from .forms import validate_plausible_date
from .models import ImportRecord

IDENTIFIER = "identifier"

BATCH_SIZE = 500
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)
OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"{\\rtf")  # PDF, images, gzip, RTF


def normalize(value):
    """A header or a name as people type it: no accents, any case, single spaces."""
    return _normalize(str(value))


@lru_cache(maxsize=10_000)  # the same names come back row after row
def _normalize(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())


def in_every_language(text):
    """The text (a lazy translation) in each language of the interface."""
    names = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.append(str(text))
    return names


def key_of(record):
    """A record's primary key as text, read without building a country's object for its code."""
    return str(record.__dict__.get(record._meta.pk.attname, record.pk))


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Reading a file


class ImportFileError(Exception):
    """A file refused as a whole; `message` says why, for the person who sent it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def unreadable():
    return _(
        "This file cannot be read as a spreadsheet: import an XLSX or CSV file, such as the list's export "
        "or the template."
    )


class Sheet:
    """The cells of a file: its headers, its rows, and the number the spreadsheet gives each row."""

    def __init__(self, headers, rows, lines):
        self.headers, self.rows, self.lines = headers, rows, lines


def read_sheet(data):
    """The first sheet of an XLSX file, or a CSV file (`;`, `,` or tab; UTF-8 with or without
    a byte order mark, UTF-16, else Windows-1252 / Latin-1), within the configured limits."""
    if len(data) > settings.DCIS_IMPORT_MAX_BYTES:
        raise ImportFileError(too_large_message(len(data)))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _("This is an old Excel file (.xls): save it as XLSX or CSV in your spreadsheet, then import it again.")
        )
    if data.startswith(OTHER_MAGIC):
        raise ImportFileError(unreadable())
    if data.startswith(XLSX_MAGIC):
        return _sheet(_xlsx_records(data))
    return _sheet(_csv_records(data))


def too_large_message(size):
    return _("The file is too large (%(size)s MB); the limit is %(limit)s MB.") % {
        "size": formats.localize(round(size / 1024 / 1024, 1)),
        "limit": formats.localize(round(settings.DCIS_IMPORT_MAX_BYTES / 1024 / 1024, 1)),
    }


def _xlsx_records(data):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign zip
        raise ImportFileError(unreadable()) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet fails while it is read
        raise ImportFileError(unreadable()) from error
    finally:
        workbook.close()


def _csv_text(data):
    if data.startswith(codecs.BOM_UTF8):
        data, encodings = data[len(codecs.BOM_UTF8) :], ("utf-8",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        # What a French Excel writes when not told UTF-8: Windows-1252, Latin-1's superset.
        encodings = ("utf-8", "cp1252", "latin-1")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
        if "\x00" in text or controls > len(sample) // 100:
            break  # a binary file, not text
        return text
    raise ImportFileError(unreadable())


def _delimiter(text):
    """The separator the header line uses most, outside quotes."""
    counts, quoted = dict.fromkeys(";,\t", 0), False
    for char in text.split("\n", 1)[0]:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _csv_records(data):
    text = _csv_text(data)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    except csv.Error as error:
        raise ImportFileError(unreadable()) from error


def _sheet(records):
    limit = settings.DCIS_IMPORT_MAX_ROWS
    headers, rows, lines = None, [], []
    for number, record in enumerate(records, 1):
        cells = [None if is_empty(cell) else cell for cell in record]
        if all(cell is None for cell in cells):
            continue  # a blank line, above the headers or between rows
        if headers is None:
            while cells and cells[-1] is None:
                cells.pop()
            headers = ["" if cell is None else str(cell).strip() for cell in cells]
            continue
        if len(rows) >= limit:
            raise ImportFileError(
                _("The file has more than %(limit)s rows: split it into files of at most %(limit)s rows.")
                % {"limit": formats.localize(limit, use_l10n=True)}
            )
        if any(cell is not None for cell in cells[len(headers) :]):
            raise ImportFileError(
                _("Row %(row)s has values to the right of the last column with a header.") % {"row": number}
            )
        rows.append((cells + [None] * len(headers))[: len(headers)])
        lines.append(number)
    if headers is None:
        raise ImportFileError(_("The file is empty."))
    return Sheet(headers, rows, lines)


# Reading cells


def cell_text(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if is_empty(value) else cell_text(value)
        if "\x00" in text:  # no database keeps it in a text
            raise ValueError(_("This cell holds a character that is not text (NUL)."))
        return text


class ChoiceWidget(widgets.Widget):
    """A choice by its label, in French or English, or by its stored value."""

    def __init__(self, field):
        super().__init__()
        self.field = field
        self.values = {}
        for value, label in field.flatchoices:
            self.values.setdefault(normalize(value), value)
            for name in in_every_language(label):
                self.values.setdefault(normalize(name), value)

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None if self.field.null else ""
        try:
            return self.values[normalize(cell_text(value))]
        except KeyError:
            raise ValueError(
                _("“%(value)s” is not one of the allowed values: %(choices)s.")
                % {"value": cell_text(value), "choices": ", ".join(str(label) for _v, label in self.field.flatchoices)}
            ) from None


class BooleanWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, bool):
            return value
        key = normalize(cell_text(value))
        if key in {"1", "x", "true", "vrai", *map(normalize, in_every_language(gettext_lazy("yes")))}:
            return True
        if key in {"0", "false", "faux", *map(normalize, in_every_language(gettext_lazy("no")))}:
            return False
        raise ValueError(
            _("“%(value)s” is neither “%(yes)s” nor “%(no)s”.")
            % {"value": cell_text(value), "yes": _("yes"), "no": _("no")}
        )


DATE_FORMATS = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
)


class DateWidget(widgets.Widget):
    """A date cell, or a date written 26/12/2026 (or 2026-12-26); a plausible year, as forms ask."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        date = None
        if isinstance(value, datetime.datetime):
            date = value.date()
        elif isinstance(value, datetime.date):
            date = value
        elif isinstance(value, str):
            for date_format in DATE_FORMATS:
                try:
                    date = datetime.datetime.strptime(value.strip(), date_format).date()
                    break
                except ValueError:
                    continue
        if date is None:
            raise ValueError(_("“%(value)s” is not a date: write it as 26/12/2026.") % {"value": cell_text(value)})
        validate_plausible_date(date)
        return date


SPACES = re.compile(r"[\s\u00a0\u202f']")


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float | decimal.Decimal) and value == int(value):
            return int(value)
        text = SPACES.sub("", str(value))
        if re.fullmatch(r"[+-]?\d{1,18}([.,]0+)?", text):
            return int(re.split(r"[.,]", text)[0])
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": cell_text(value)})


class DecimalWidget(widgets.Widget):
    """An amount: 11500,50 or 11 500,50 € as the French write it, 11500.50 as others do."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return decimal.Decimal(str(value))
        text = SPACES.sub("", str(value)).replace("€", "")
        if "," in text and "." in text:  # the last one separates the decimals
            thousands = "." if text.rfind(",") > text.rfind(".") else ","
            text = text.replace(thousands, "")
        text = text.replace(",", ".")
        if re.fullmatch(r"[+-]?\d{1,18}(\.\d+)?", text):
            return decimal.Decimal(text)
        raise ValueError(_("“%(value)s” is not an amount: write it as 11500,50.") % {"value": cell_text(value)})


def names_of(record, field=None):
    """Every name a cell may give a related record by: the one lists show (`str`), the one its
    list's column shows (`field`), and a country's code and names in every language."""
    names = [str(record)]
    if field:
        names.append(getattr(record, field))
    if record._meta.label_lower == "network.country":
        names += [record.code.code, record.name]
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names.append(str(record.code.name))
    if record._meta.label_lower == "network.person":
        names.append(f"{record.first_name} {record.last_name}")
    return [name for name in names if name]


class RelatedIndex:
    """The records a column may name, by each of their names, loaded once per import.

    `allowed`: the records a row may choose there (the form's choices), when narrower than the
    ones the user may see; a record outside it is named in the message, not written.
    """

    def __init__(self, queryset, field=None, allowed=None):
        self.queryset, self.field, self.allowed_queryset = queryset, field, allowed

    @cached_property
    def by_name(self):
        names = defaultdict(dict)
        self.by_pk = {}
        for record in self.queryset:
            self.by_pk[key_of(record)] = record
            for name in names_of(record, self.field):
                names[normalize(name)][key_of(record)] = record
        return names

    @cached_property
    def allowed(self):
        if self.allowed_queryset is None:
            return None
        return {str(pk) for pk in self.allowed_queryset.values_list("pk", flat=True)}

    def find(self, value):
        text = cell_text(value)
        matches = list(self.by_name.get(normalize(text), {}).values())
        if not matches and text.isdigit() and text in self.by_pk:
            matches = [self.by_pk[text]]  # a record's identifier, where names are shared
        model = self.queryset.model._meta.verbose_name
        if not matches:
            raise ValidationError(
                _("“%(value)s” matches no %(model)s.") % {"value": text, "model": model}, code="unknown"
            )
        if len(matches) > 1:
            raise ValidationError(
                _("“%(value)s” matches several records (%(model)s): write the name in full or give the identifier.")
                % {"value": text, "model": model},
                code="ambiguous",
            )
        record = matches[0]
        if self.allowed is not None and key_of(record) not in self.allowed:
            raise ValidationError(_("You may not choose “%(value)s” here.") % {"value": text}, code="not_allowed")
        return record


class RelatedWidget(widgets.Widget):
    """A related record by its name; several, separated by `;`, for a many-to-many column."""

    def __init__(self, index, many=False):
        super().__init__()
        self.index, self.many = index, many

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return [] if self.many else None
        names = [name for name in re.split(r"[;\n]", cell_text(value)) if name.strip()] if self.many else [value]
        found, errors = {}, []
        for name in names:
            try:
                record = self.index.find(name)
            except ValidationError as error:
                errors.append(error)
            else:
                found[key_of(record)] = record
        if errors:
            raise ValidationError(errors)
        records = list(found.values())
        return records if self.many else records[0]


class IdentifierWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        text = cell_text(value)
        if not text.isdigit() or len(text) > 18:
            raise ValidationError(
                _("“%(value)s” is not an identifier: leave the cell empty to create a record.") % {"value": text}
            )
        return int(text)


# Columns


class ImportColumn:
    """A column of the list's table, and the model field a cell of it sets (None: read only,
    a column the export writes that no row changes, such as a total or a derived status)."""

    def __init__(self, name, header, field=None, name_field=None):
        self.name, self.header, self.field, self.name_field = name, header, field, name_field

    @property
    def readonly(self):
        return self.field is None

    @property
    def many(self):
        return bool(self.field and self.field.many_to_many)

    @property
    def field_names(self):
        return [self.field.name] if self.field else []

    @property
    def attnames(self):
        return [] if self.many or not self.field else [self.field.attname]

    @property
    def required(self):
        if self.field is None:
            return False
        if self.many:
            return not self.field.blank
        return not self.field.blank and not self.field.has_default()

    def widget(self, user, importer):
        field = self.field
        if field.is_relation:
            return RelatedWidget(importer.index(field, self.name_field, user), many=self.many)
        if field.choices:
            return ChoiceWidget(field)
        if isinstance(field, models.BooleanField):
            return BooleanWidget()
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return DateWidget()
        if isinstance(field, models.DecimalField):
            return DecimalWidget()
        if isinstance(field, models.IntegerField):
            return IntegerWidget()
        return TextWidget()

    def apply(self, instance, value):
        field = self.field
        if value in (None, "") and field.has_default() and not field.null:
            return  # an empty cell keeps the record's value, or the field's default for a new one
        setattr(instance, field.name, value)

    def example(self, user, importer):
        """A value for the template's example row."""
        field = self.field
        if field.is_relation:
            record = importer.index(field, self.name_field, user).queryset.first()
            return str(names_of(record, self.name_field)[-1 if self.name_field else 0]) if record else ""
        if field.choices:
            return str(field.flatchoices[0][1])
        if isinstance(field, models.BooleanField):
            return _("yes")
        if isinstance(field, models.DateField):
            return timezone.localdate()
        if isinstance(field, models.DecimalField):
            return 1000
        if isinstance(field, models.IntegerField):
            return 1
        return ""

    def allowed_values(self):
        """The values a cell may hold, for the template's second sheet (choices only)."""
        if self.field.choices:
            return [str(label) for _value, label in self.field.flatchoices]
        if isinstance(self.field, models.BooleanField):
            return [_("yes"), _("no")]
        return None


IMPORTABLE_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.DateField,
    models.DecimalField,
    models.IntegerField,
    models.ForeignKey,
    models.ManyToManyField,
)


def model_field(model, path):
    """The editable model field a table column's accessor names, or None."""
    parts = re.split(r"__|\.", path)
    try:
        field = model._meta.get_field(parts[0])
    except FieldDoesNotExist:
        return None
    if (
        not isinstance(field, IMPORTABLE_FIELDS)
        or isinstance(field, models.DateTimeField | models.GeneratedField)
        or not field.editable
        or field.primary_key
        or len(parts) > (2 if field.is_relation else 1)
    ):
        return None
    if len(parts) == 2:  # a related record by one of its own fields (`parent__name`), not a field beyond it
        try:
            name_field = field.related_model._meta.get_field(parts[1])
        except FieldDoesNotExist:
            return None
        if name_field.is_relation:
            return None
    return field


# One record type's import


class RecordImporter:
    """What imports one record type: its list's table gives the columns; `save` writes a row.

    - `columns`: columns declared by the record type, by name, replacing the derived ones (None
      makes a column read only);
    - `save(instance, many, user, context)`: saves a checked row, `many` its many-to-many values
      by field name — the record type's service where it has one; inside a savepoint; `context`,
      a dict kept for the whole import (what the rules load once);
    - `service_cleans`: `save` validates the record (`full_clean`) itself;
    - `bulk_check(instance, many, user, context)`: for a record type none of whose rules reads
      another record of its type, the rules `save` checks before saving: new records are then
      checked row by row and written in batches (`RecordResource.flush`);
    - `allowed`: field name → function(user) giving the records a row may name there, where the
      record type's form narrows its choices beyond the access policy;
    - `listed_on`: the model whose list links to this import (its own by default).
    """

    def __init__(
        self,
        model,
        table_class,
        *,
        columns=None,
        save=None,
        service_cleans=False,
        bulk_check=None,
        allowed=None,
        listed_on=None,
        link_label=None,
    ):
        self.model, self.table_class = model, table_class
        self.overrides = columns or {}
        self.save = save or save_with_many
        self.service_cleans = service_cleans
        self.bulk_check = bulk_check
        self.allowed = allowed or {}
        self.listed_on = listed_on or model
        self.link_label = link_label or gettext_lazy("Import")
        self.url_name = None

    @property
    def label(self):
        return self.model._meta.label_lower

    @cached_property
    def columns(self):
        columns = []
        for name, column in self.table_class.base_columns.items():
            if getattr(column, "exclude_from_export", False):
                continue
            if name in self.overrides:
                if self.overrides[name] is not None:
                    columns.append(self.overrides[name])
                else:
                    columns.append(ImportColumn(name, column.verbose_name))
                continue
            if isinstance(column, tables.ManyColumn):
                field, name_field = model_field(self.model, column.related), column.field
                if field is not None and not field.many_to_many:
                    field = None
            else:
                path = str(column.accessor) if column.accessor else name
                field = model_field(self.model, path)
                parts = re.split(r"__|\.", path)
                name_field = parts[1] if len(parts) > 1 else None
            columns.append(ImportColumn(name, column.verbose_name, field, name_field))
        return columns

    @cached_property
    def owner(self):
        """The field through which a record belongs to a post (`post`, `event`), if a column sets it."""
        name = (getattr(self.model, "post_lookup", None) or "").split("__")[0]
        for column in self.columns:
            if column.field is not None and column.field.name == name and not column.many:
                return column
        return None

    def index(self, field, name_field, user):
        """The records a related column may name, as the record type's form offers them: the
        ones the user may see; the post (or the record through which a record belongs to a
        post) only among those the user may change."""
        related = field.related_model
        manager = related.objects
        queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        allowed = None
        if field.name in self.allowed:
            allowed = self.allowed[field.name](user)
        elif (self.owner and field.name == self.owner.field.name) or getattr(related, "owns_records", False):
            allowed = manager.editable_by(user)
        return RelatedIndex(queryset.order_by(*related._meta.ordering or ["pk"]), name_field, allowed)

    def queryset(self, user):
        """The records rows may name by their identifier, with what comparing a row needs."""
        columns = [column for column in self.columns if column.field is not None]
        related = [column.field.name for column in columns if column.field.is_relation and not column.many]
        many = [column.field.name for column in columns if column.many]
        return self.model.objects.visible_to(user).select_related(*related).prefetch_related(*many)

    def header_of(self, key):
        """The header of the column an error names (a column, or a model field), in the user's language."""
        if key == NON_FIELD_ERRORS:
            return ""
        if key == IDENTIFIER:
            return str(IDENTIFIER_HEADER)
        for column in self.columns:
            if key == column.name or key in column.field_names:
                return str(column.header)
        try:
            return str(self.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key

    @cached_property
    def _headers(self):
        headers = {normalize(name): IDENTIFIER for name in ("id", IDENTIFIER, *in_every_language(IDENTIFIER_HEADER))}
        for column in self.columns:
            for name in (column.name, *in_every_language(column.header), *column.field_names):
                headers.setdefault(normalize(name), column)
        return headers

    def expected_headers(self):
        return ", ".join(str(column.header) for column in self.columns if not column.readonly)

    def dataset(self, sheet, skip_lines=()):
        """The sheet's rows under the columns its headers name, and the spreadsheet's number of
        each; a file whose headers are not the list's is refused whole, with what is wrong."""
        positions, keys, unknown = [], [], []
        for position, header in enumerate(sheet.headers):
            if not header:
                if any(row[position] is not None for row in sheet.rows):
                    raise ImportFileError(_("Column %(number)s has values but no header.") % {"number": position + 1})
                continue
            column = self._headers.get(normalize(header))
            if column is None:
                unknown.append(header)
                continue
            key = column if column == IDENTIFIER else column.name
            if key in keys:
                raise ImportFileError(_("The column “%(header)s” appears twice.") % {"header": header})
            if key == IDENTIFIER or not column.readonly:
                positions.append(position)
                keys.append(key)
            else:
                keys.append(key)
                positions.append(None)
        if unknown:
            raise ImportFileError(
                _("These columns are not columns of this list: %(unknown)s. The columns it reads are: %(expected)s.")
                % {"unknown": ", ".join(f"“{header}”" for header in unknown), "expected": self.expected_headers()}
            )
        missing = [str(column.header) for column in self.columns if column.required and column.name not in keys]
        if missing:
            raise ImportFileError(
                _("These columns are missing: %(missing)s. Download the template to see every column.")
                % {"missing": ", ".join(f"“{header}”" for header in missing)}
            )
        read = [(position, key) for position, key in zip(positions, keys, strict=True) if position is not None]
        dataset = tablib.Dataset(headers=[key for _position, key in read])
        lines = []
        for row, line in zip(sheet.rows, sheet.lines, strict=True):
            if line in skip_lines:
                continue
            dataset.append([row[position] for position, _key in read])
            lines.append(line)
        columns = [column for column in self.columns if column.name in keys and not column.readonly]
        return dataset, columns, lines

    def run(self, user, sheet, dry_run=True, skip_lines=(), all_or_nothing=False):
        """Import the sheet's rows (a preview when `dry_run`), and say what happened to each.

        Rows are checked and saved one by one in one transaction, so that a row is checked
        against the rows above it. Nothing is written on a dry run; with `all_or_nothing`,
        nothing is written either if any row is invalid.
        """
        dataset, columns, lines = self.dataset(sheet, skip_lines)
        resource = RecordResource(self, user, columns, lines)
        with transaction.atomic():
            result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
            report = Report.from_result(self, result, lines, dry_run)
            if not dry_run and (report.failed or (all_or_nothing and report.invalid)):
                transaction.set_rollback(True)
                report.written = False
        return report

    def template(self, user):
        """An XLSX file to fill in: the headers, an example row, and the allowed values."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(capfirst(self.model._meta.verbose_name_plural))[:31]
        columns = [column for column in self.columns if not column.readonly]
        bold = Font(bold=True)
        sheet.append([*(str(column.header) for column in columns), str(IDENTIFIER_HEADER)])
        for cell in sheet[1]:
            cell.font = bold
        sheet.append([*(column.example(user, self) for column in columns), None])
        for cell in sheet[2]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A2"
        values = workbook.create_sheet(str(_("Allowed values"))[:31])
        listed = [(column, column.allowed_values()) for column in columns]
        listed = [(column, allowed) for column, allowed in listed if allowed]
        for position, (column, allowed) in enumerate(listed, 1):
            values.cell(row=1, column=position, value=str(column.header)).font = bold
            for row, value in enumerate(allowed, 2):
                values.cell(row=row, column=position, value=value)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()


def full_clean(instance, exclude=(), trusted=()):
    """`Model.full_clean`, its check constraints apart: each costs a query per row, and `clean()`
    says the same rules in words (the database holds them besides). `trusted`: fields whose value
    needs no check of its own (a related record found among those the user may choose); unique
    rules that involve them are still checked."""
    errors = {}
    exclude = set(exclude)
    for check in (lambda: instance.clean_fields(exclude={*exclude, *trusted}), instance.clean):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    exclude |= set(errors)
    try:
        instance.validate_unique(exclude=exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            if isinstance(constraint, models.UniqueConstraint):
                try:
                    constraint.validate(model, instance, exclude=exclude)
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def save_with_many(instance, many, user, context):
    """Save a checked record, then its many-to-many values."""
    adding = instance._state.adding
    instance.save()
    set_many(instance, many, adding)


def set_many(instance, many, adding=False):
    """Set many-to-many values; a new record's links in one insert each."""
    for name, records in many.items():
        if not adding:
            getattr(instance, name).set(records)
        elif records:
            field = instance._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through.objects.bulk_create(
                [through(**{f"{source}_id": instance.pk, f"{target}_id": record.pk}) for record in records]
            )


class RecordResource(resources.Resource):
    """The rows of one import, as django-import-export runs them, for one user.

    The library's workflow (`import_data` → `import_row`) with the register's steps in its
    hooks: the record a row names by its identifier, among those the user may change; its
    cells; the access policy and the model's rules; the record type's save.
    """

    class Meta:
        skip_unchanged = True
        report_skipped = True
        skip_diff = True  # the comparison is ours (`skip_row`): no copy of each record
        # Each row is saved in a savepoint of its own (`save_instance`), which rolls back a
        # refused row; "bulk" only spares the library's second savepoint around every row.
        use_bulk = True
        use_transactions = True
        clean_model_instances = True
        instance_loader_class = BaseInstanceLoader  # records are found by `get_or_init_instance`

    def __init__(self, importer, user, columns, lines):
        super().__init__()
        self.importer, self.user, self.lines = importer, user, lines
        self.access = access_for(user)
        self.columns = columns
        self.widgets = {column.name: column.widget(user, importer) for column in columns}
        self.fields = OrderedDict(
            (column.name, import_fields.Field(attribute=column.name, column_name=column.name, widget=widget))
            for column, widget in zip(columns, self.widgets.values(), strict=True)
        )
        self.identifiers = IdentifierWidget()

    def init_instance(self, row=None):
        return self.importer.model()

    def before_import(self, dataset, **kwargs):
        """The records the file names by their identifier, and which of them the user may change."""
        keys = set()
        if IDENTIFIER in (dataset.headers or ()):
            for value in dataset[IDENTIFIER]:
                try:
                    keys.add(self.identifiers.clean(value))
                except ValidationError:
                    continue
        keys.discard(None)
        self.existing, self.editable, self.seen = {}, set(), {}
        self.saved = {True: [], False: []}
        self.context = {}  # what a record type's `save` keeps from one row to the next
        self.pending = []  # new records checked, to write in a batch (`bulk_check`)
        keys = sorted(keys)
        model = self.importer.model
        for start in range(0, len(keys), 1000):
            chunk = keys[start : start + 1000]
            records = self.importer.queryset(self.user).filter(pk__in=chunk)
            self.existing.update((record.pk, record) for record in records)
            editable = model.objects.editable_by(self.user).filter(pk__in=chunk)
            self.editable.update(editable.values_list("pk", flat=True))

    def before_import_row(self, row, row_number=None, **kwargs):
        self.line = self.lines[row_number - 1]
        self.many, self.snapshot = {}, None

    def get_or_init_instance(self, instance_loader, row):
        pk = self.identifiers.clean(row.get(IDENTIFIER)) if IDENTIFIER in row else None
        if pk is None:
            return self.init_instance(row), True
        if pk in self.seen:
            raise ValidationError(
                {
                    IDENTIFIER: _("The identifier %(id)s already appears in row %(row)s.")
                    % {"id": pk, "row": self.seen[pk]}
                }
            )
        self.seen[pk] = self.line
        instance = self.existing.get(pk)
        if instance is None:
            raise ValidationError(
                {
                    IDENTIFIER: _("No %(model)s has the identifier %(id)s that you may see.")
                    % {"model": self.importer.model._meta.verbose_name, "id": pk}
                }
            )
        if pk not in self.editable:
            raise ValidationError({IDENTIFIER: _("You may not change “%(record)s”.") % {"record": instance}})
        return instance, False

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self.snapshot = (self.values_of(instance), self.many_of(instance))

    def values_of(self, instance):
        return {attname: getattr(instance, attname) for column in self.columns for attname in column.attnames}

    def many_of(self, instance):
        return {
            column.name: {key_of(record) for record in getattr(instance, column.field.name).all()}
            for column in self.columns
            if column.many
        }

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for column in self.columns:
            try:
                value = self.widgets[column.name].clean(row[column.name])
            except (ValueError, ValidationError) as error:
                errors[column.name] = error.messages if isinstance(error, ValidationError) else [str(error)]
                continue
            if column.many:
                # As forms ask; a record already without any is left as it is.
                if column.required and not value and (self.snapshot is None or self.snapshot[1][column.name]):
                    errors[column.name] = [_("This column cannot be empty.")]
                self.many[column] = value
            else:
                column.apply(instance, value)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.snapshot is None or import_validation_errors:
            return False
        values, many = self.snapshot
        return values == self.values_of(instance) and all(
            {key_of(record) for record in records} == many[column.name] for column, records in self.many.items()
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            errors = self.owner_errors(instance)
        if errors or not self.importer.service_cleans:
            columns = {column.name: column for column in self.columns}
            exclude = {name for key in errors for name in (columns[key].field_names if key in columns else [key])}
            # A related record named by a cell came from the records the user may choose: it
            # exists, no query need check it again.
            trusted = {
                column.field.name
                for column in self.columns
                if column.field.is_relation and not column.many and getattr(instance, column.field.attname) is not None
            }
            try:
                full_clean(instance, exclude, trusted)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def owner_errors(self, instance):
        """A row of post staff must belong to a post they work for: never to none."""
        owner = self.importer.owner
        if owner is None or self.access.changes_everything or getattr(instance, owner.field.attname) is not None:
            return {}
        return {owner.name: [_("Fill in this column: the record must belong to a post whose records you may change.")]}

    def save_instance(self, instance, is_create, row, **kwargs):
        many = {column.field.name: records for column, records in self.many.items()}
        if is_create and self.importer.bulk_check:
            self.importer.bulk_check(instance, many, self.user, self.context)
            self.pending.append((instance, many))
            if len(self.pending) >= BATCH_SIZE:
                self.flush(kwargs.get("dry_run", False))
            return
        # The history is written for all the saved rows at once (`after_import`), not row by row.
        instance.skip_history_when_saving = True
        instance._history_user = self.user
        try:
            with transaction.atomic():
                self.importer.save(instance, many, self.user, self.context)
        except DatabaseError as error:
            raise ValidationError(_("The database refused this row: %(error)s") % {"error": error}) from error
        finally:
            del instance.skip_history_when_saving
        self.saved[is_create].append(instance)

    def flush(self, dry_run):
        """Write the new records checked so far, with their many-to-many links, a batch at a time.

        Only for record types none of whose rules reads another record of the same type
        (`bulk_check`): a dry run, whose rows no later row reads, writes none of them."""
        pending, self.pending = self.pending, []
        if dry_run or not pending:
            return
        with transaction.atomic():  # a refusal leaves the transaction usable, to report it
            self.write(pending)
        self.saved[True] += [instance for instance, _many in pending]

    def write(self, pending):
        model = self.importer.model
        model.objects.bulk_create([instance for instance, _many in pending])
        links = defaultdict(list)
        for instance, many in pending:
            for name, records in many.items():
                field = model._meta.get_field(name)
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                through = field.remote_field.through
                links[through] += [through(**{f"{source}_id": instance.pk, f"{target}_id": r.pk}) for r in records]
        for through, rows in links.items():
            through.objects.bulk_create(rows)

    def save_m2m(self, instance, row, **kwargs):
        """Saved with the record, by the record type's `save`."""

    def after_import(self, dataset, result, dry_run=False, **kwargs):
        """The history of every saved record, with the importing user, in a few queries
        (django-simple-history's own bulk writer). Nothing to write on a dry run: it is rolled back."""
        self.flush(dry_run)
        if dry_run:
            return
        model = self.importer.model
        for created, records in self.saved.items():
            rows = model.history.bulk_history_create(
                records, update=not created, default_user=self.user, batch_size=1000
            )
            record_history.record_many(model, rows)  # the many-to-many values, which the bulk writer leaves out


class Problem:
    def __init__(self, line, column, messages):
        self.line, self.column, self.messages = line, column, messages


class Report:
    """What an import did or would do: counts, and every invalid row with its column and message."""

    def __init__(self, rows=0, created=0, updated=0, unchanged=0, problems=(), dry_run=True, failed=False):
        self.rows, self.created, self.updated, self.unchanged = rows, created, updated, unchanged
        self.problems = list(problems)
        self.dry_run, self.failed = dry_run, failed
        self.written = not dry_run and not failed

    @property
    def invalid_lines(self):
        return sorted({problem.line for problem in self.problems if problem.line is not None})

    @property
    def invalid(self):
        return len(self.invalid_lines)

    @property
    def importable(self):
        return self.created + self.updated

    @classmethod
    def from_result(cls, importer, result, lines, dry_run):
        order = {str(column.header): position for position, column in enumerate(importer.columns)}
        problems = []
        for row in result.invalid_rows:
            for key, messages in row.error_dict.items():
                problems.append(Problem(lines[row.number - 1], importer.header_of(key), list(messages)))
        for row in result.error_rows:
            messages = [_("This row could not be saved: %(error)s") % {"error": error.error} for error in row.errors]
            problems.append(Problem(lines[row.number - 1], "", messages))
        problems += [Problem(None, "", [str(error.error)]) for error in result.base_errors]
        problems.sort(key=lambda problem: (problem.line or 0, order.get(problem.column, -1)))
        totals = result.totals
        return cls(
            rows=result.total_rows,
            created=totals["new"],
            updated=totals["update"],
            unchanged=totals["skip"],
            problems=problems,
            dry_run=dry_run,
            failed=bool(result.base_errors or result.error_rows),
        )

    def lines_of_text(self):
        """The report as the command line prints it."""
        values = {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
        }
        if self.dry_run:
            summary = _(
                "%(rows)s rows: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged, "
                "%(invalid)s invalid."
            )
        else:
            summary = _(
                "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(invalid)s invalid."
            )
        texts = [summary % values]
        for problem in self.problems:
            where = _("row %(row)s") % {"row": problem.line} if problem.line else _("file")
            column = f" — {problem.column}" if problem.column else ""
            texts += [f"{where}{column}: {message}" for message in problem.messages]
        return texts


def record_import(user, importer, file_name, report, invalid=None):
    """Keep who imported what, when, and what came of it (`invalid`: rows left out before)."""
    return ImportRecord.objects.create(
        user=user,
        record_type=importer.label,
        file_name=file_name[:255],
        dry_run=report.dry_run,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        invalid=report.invalid if invalid is None else invalid,
    )


# Every record type that imports, by label ("cooperation.action"); filled by `import_urls`.
REGISTRY = {}


def register(importer):
    REGISTRY[importer.label] = importer
    return importer


def importers_listed_on(model):
    return [importer for importer in REGISTRY.values() if importer.listed_on is model]
