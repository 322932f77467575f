"""What the Django admin's pages of large record types share."""

from django.contrib import admin
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _


def year_filter(field_name, title=None):
    """A list filter by calendar year on a date field, in place of a date hierarchy.

    The hierarchy lists its years with a DISTINCT over the whole table; here the years run
    from the earliest to the latest date, two index lookups, and a year is an index range.
    """

    class YearFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}_year"

        def lookups(self, request, model_admin):
            bounds = model_admin.get_queryset(request).aggregate(first=Min(field_name), last=Max(field_name))
            if bounds["first"] is None:
                return []
            return [(str(year), str(year)) for year in range(bounds["last"].year, bounds["first"].year - 1, -1)]

        def queryset(self, request, queryset):
            try:
                year = int(self.value())
            except (TypeError, ValueError):
                return queryset
            return queryset.filter(**{f"{field_name}__year": year})

    YearFilter.title = title or _("year")
    return YearFilter


class LargeTableAdmin(admin.ModelAdmin):
    """A changelist over hundreds of thousands of rows: it counts the filtered rows only."""

    show_full_result_count = False
