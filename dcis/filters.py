import django_filters
from django import forms
from django.db.models import BLANK_CHOICE_DASH, Q
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .folding import Folded, fold
from .forms import DsfrFormMixin
from .models import ExportRecord, ImportRecord

YES_NO = (*BLANK_CHOICE_DASH, (True, _("yes")), (False, _("no")))


class FilterForm(DsfrFormMixin, forms.Form):
    pass


class RecordFilterSet(django_filters.FilterSet):
    """Filters whose form uses the design system; `q` searches the declared text fields."""

    search_fields = ()

    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def search(self, queryset, name, value):
        return self.search_in(queryset, value, self.search_fields)

    @staticmethod
    def search_in(queryset, value, fields):
        """The records where each word of `value` is in one of the fields, whatever the case and
        accents ("perou" finds "Pérou"), as the autocomplete compares them (`dcis.folding`)."""
        query = Q()
        for word in fold(value.replace("\x00", "")).split():
            query &= Q.create([Contains(Folded(field), word) for field in fields], connector=Q.OR)
        return queryset.filter(query)

    class Meta:
        form = FilterForm


class ExportRecordFilterSet(RecordFilterSet):
    search_fields = ("user__username", "user__last_name", "list_name", "filters")

    format = django_filters.ChoiceFilter(label=_("format"), choices=ExportRecord.Format.choices)

    class Meta(RecordFilterSet.Meta):
        model = ExportRecord
        fields = []


class ImportRecordFilterSet(RecordFilterSet):
    search_fields = ("user__username", "user__last_name", "record_type", "file_name")

    dry_run = django_filters.TypedChoiceFilter(
        label=_("preview only"), choices=YES_NO, coerce=lambda value: value == "True"
    )

    class Meta(RecordFilterSet.Meta):
        model = ImportRecord
        fields = []
