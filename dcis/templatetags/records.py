import datetime
from decimal import Decimal

from django import template
from django.apps import apps
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dcis import formatting
from dcis.access import can_create
from dcis.files import PrivateFieldFile
from dcis.views import record_page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def column_header(context, column):
    """The header of a sortable table column (`dcis.tables`): a link that sorts by it, keeping the filters."""
    query = context["request"].GET.copy()
    for name in ("page", "export"):
        query.pop(name, None)
    alias = column.order_by_alias
    query["sort"] = alias.next
    attrs = column.attrs["th"].as_html()
    if not column.is_ordered:
        return format_html('<th scope="col" {}><a href="?{}">{}</a></th>', attrs, query.urlencode(), column.header)
    if alias.is_descending:
        state, hint = "descending", _("sorted descending")
    else:
        state, hint = "ascending", _("sorted ascending")
    return format_html(
        '<th scope="col" {} aria-sort="{}"><a href="?{}">{}</a> <span class="fr-sr-only">({})</span></th>',
        attrs,
        state,
        query.urlencode(),
        column.header,
        hint,
    )


@register.simple_tag(takes_context=True)
def may_create(context, model_label):
    """`{% may_create "partnerships.Delegation" as allowed %}`: the access policy's answer, as views ask it."""
    return can_create(context["request"].user, apps.get_model(model_label))


@register.filter
def minutes(duration):
    """A timedelta as whole minutes, rounded up."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0


@register.simple_tag
def record_url(record, verb):
    """`{% record_url object "history" as url %}`: one of a record's pages, or ""."""
    return record_page_url(record, verb)


def _shown(value):
    """(text, link) for a field's value: records link to their page, private files to their download."""
    if isinstance(value, bool):
        return _("yes") if value else _("no"), ""
    if isinstance(value, datetime.date):
        return formatting.short_date(value), ""
    if isinstance(value, Decimal):
        # The register's only decimal fields are amounts in euros (costs, estimated values).
        return formatting.amount(value), ""
    if isinstance(value, int):
        return formatting.number(value), ""
    if isinstance(value, PrivateFieldFile):
        return value.download_name, value.url
    return value, value.get_absolute_url() if hasattr(value, "get_absolute_url") else ""


@register.simple_tag
def field_rows(record, names):
    """(label, [(text, link)…]) for the named fields of a record (space-separated names).

    Many-to-many fields must be prefetched, and foreign keys selected, by the view.
    """
    rows = []
    for name in names.split():
        model_field = record._meta.get_field(name)
        if model_field.many_to_many:
            values = [_shown(item) for item in getattr(record, name).all()]
        elif model_field.choices:
            values = [(getattr(record, f"get_{name}_display")(), "")]
        else:
            value = getattr(record, name)
            values = [] if value is None or value == "" else [_shown(value)]
        rows.append((model_field.verbose_name, values))
    return rows


@register.simple_tag
def totals_items(*pairs):
    """`{% totals_items label value label value … as items %}`: (label, value) pairs, None as 0."""
    return [(pairs[i], pairs[i + 1] or 0) for i in range(0, len(pairs), 2)]


@register.simple_tag(takes_context=True)
def import_links(context, opts):
    """`{% import_links opts as links %}`: the imports a list offers the user, as (label, URL)."""
    from dcis.import_views import import_links as links

    return links(context["request"].user, opts.model)
