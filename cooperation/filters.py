import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dcis.filters import YES_NO, RecordFilterSet
from dcis.widgets import AutocompleteSelect
from network.filters import zone_and_children
from network.models import Country, Post, Zone

from .models import Action, Agreement, Directorate, Event, OperationalRequest, RequestingService, Theme


def year_choices():
    """Every year first: an unfiltered list shows and applies no year."""
    this_year = datetime.date.today().year
    return [("", _("All years")), *((year, year) for year in range(this_year + 1, this_year - 15, -1))]


class CooperationFilterSet(RecordFilterSet):
    """Year, post, zone and country filters shared by the cooperation lists.

    `date_field` is the date that places a record in a year; `country_field` the
    country a zone filter looks at.
    """

    date_field = None
    country_field = "countries"

    year = django_filters.TypedChoiceFilter(label=_("year"), choices=year_choices, coerce=int, method="filter_year")
    post = django_filters.ModelChoiceFilter(label=_("post"), queryset=Post.objects.all(), widget=AutocompleteSelect)
    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.all(), method="filter_zone")
    country = django_filters.ModelChoiceFilter(
        label=_("country"), queryset=Country.objects.all(), widget=AutocompleteSelect, method="filter_country"
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("theme"), queryset=Theme.objects.all(), field_name="themes", distinct=False, method="filter_theme"
    )

    def filter_year(self, queryset, name, year):
        return queryset.filter(**{f"{self.date_field}__year": year})

    def filter_zone(self, queryset, name, zone):
        return queryset.linked_to(self.country_field, zone__in=zone_and_children(zone))

    def filter_country(self, queryset, name, country):
        return queryset.linked_to(self.country_field, pk=country.pk)

    def filter_theme(self, queryset, name, theme):
        return queryset.linked_to("themes", pk=theme.pk)


class ActionFilterSet(CooperationFilterSet):
    search_fields = ("title", "description", "funding_programme")

    kind = django_filters.ChoiceFilter(label=_("type"), choices=Action.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Action.Status.choices)
    directorate = django_filters.ModelChoiceFilter(
        label=_("French contributor"), queryset=Directorate.objects.all(), method="filter_directorate"
    )
    funding = django_filters.ChoiceFilter(label=_("funding"), choices=Action.Funding.choices)

    class Meta(RecordFilterSet.Meta):
        model = Action
        fields = []

    def filter_year(self, queryset, name, year):
        return queryset.in_year(year)

    def filter_directorate(self, queryset, name, directorate):
        return queryset.linked_to("directorates", pk=directorate.pk)


class OperationalRequestFilterSet(CooperationFilterSet):
    date_field = "received_on"
    country_field = "country"
    search_fields = ("reference",)

    service = django_filters.ModelChoiceFilter(label=_("requesting service"), queryset=RequestingService.objects.all())
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=OperationalRequest.Kind.choices)
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=OperationalRequest.Outcome.choices)
    open = django_filters.TypedChoiceFilter(
        label=_("awaiting an answer"), choices=YES_NO, coerce=lambda value: value == "True", method="filter_open"
    )

    class Meta(RecordFilterSet.Meta):
        model = OperationalRequest
        fields = []

    def filter_open(self, queryset, name, value):
        return queryset.filter(answered_on__isnull=value)


class AgreementFilterSet(CooperationFilterSet):
    date_field = "signed_on"
    search_fields = ("title", "french_signatories", "foreign_signatories")

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Agreement.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Agreement.Status.choices)

    class Meta(RecordFilterSet.Meta):
        model = Agreement
        fields = []


class EventFilterSet(CooperationFilterSet):
    date_field = "start"
    country_field = "host_country"
    search_fields = ("title", "city")

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Event.Kind.choices)
    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.all(), method="filter_zone")

    class Meta(RecordFilterSet.Meta):
        model = Event
        fields = []

    def filter_zone(self, queryset, name, zone):
        # An event belongs to its own zone (a regional seminar) or to its host country's.
        zones = zone_and_children(zone)
        return queryset.filter(Q(zone__in=zones) | Q(zone__isnull=True, host_country__zone__in=zones))

    def filter_theme(self, queryset, name, theme):
        return queryset.filter(theme=theme)
