from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dcis.views import record_page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, field, label):
    """A column header that sorts the list by `field`, keeping the filters in the URL."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    current = query.get("sort", "")
    if current == field:
        query["sort"], state, hint = f"-{field}", "ascending", _("sorted ascending")
    elif current == f"-{field}":
        query["sort"], state, hint = field, "descending", _("sorted descending")
    else:
        query["sort"], state, hint = field, None, ""
    if state:
        return format_html(
            '<th scope="col" aria-sort="{}"><a href="?{}">{}</a> <span class="fr-sr-only">({})</span></th>',
            state,
            query.urlencode(),
            label,
            hint,
        )
    return format_html('<th scope="col"><a href="?{}">{}</a></th>', query.urlencode(), label)


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:value }}`: a dictionary lookup with a variable key."""
    return mapping.get(key, "")


@register.filter
def minutes(duration):
    """A timedelta as whole minutes, rounded up."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0


@register.simple_tag
def record_url(record, verb):
    """`{% record_url object "history" as url %}`: one of a record's pages, or ""."""
    return record_page_url(record, verb)
