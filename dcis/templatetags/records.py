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


@register.inclusion_tag("records/_pagination.html", takes_context=True)
def pagination(context, page, param="page", label="", anchor=""):
    """The design system's pagination for `page`, its links on the query parameter `param`
    (several paginated sections share a page, each on its own parameter), keeping the other
    parameters. A link with nowhere to go is marked disabled, as the design system writes it."""
    query = context["request"].GET.copy()
    suffix = f"#{anchor}" if anchor else ""

    def url(number):
        query[param] = number
        return f"?{query.urlencode()}{suffix}"

    paginator = page.paginator
    items = [
        (None, None) if number == paginator.ELLIPSIS else (number, url(number))
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "page": page,
        "label": _("Pages of %(label)s") % {"label": label} if label else _("Pagination"),
        "items": items,
        "first_url": url(1) if page.has_previous() else "",
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
        "last_url": url(paginator.num_pages) if page.has_next() else "",
    }


@register.simple_tag(takes_context=True)
def navigation(context):
    """`{% navigation as entries %}`: the register's navigation (dcis.navigation) for this user."""
    from dcis.navigation import navigation_for

    return navigation_for(context)
