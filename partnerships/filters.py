import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dcis.filters import YES_NO, RecordFilterSet
from dcis.widgets import AutocompleteSelect
from network.models import Country, Post

from .models import Assistance, Company, Domain, Grouping, Opportunity, TradeShow


def filter_domain(queryset, name, domain):
    return queryset.linked_to("domains", pk=domain.pk)


class CompanyFilterSet(RecordFilterSet):
    search_fields = ("name", "siren")

    domain = django_filters.ModelChoiceFilter(label=_("domain"), queryset=Domain.objects.all(), method=filter_domain)
    size = django_filters.ChoiceFilter(label=_("size"), choices=Company.Size.choices)
    grouping = django_filters.ModelChoiceFilter(
        label=_("grouping"), queryset=Grouping.objects.all(), field_name="groupings", distinct=True
    )
    active = django_filters.TypedChoiceFilter(label=_("active"), choices=YES_NO, coerce=lambda value: value == "True")

    class Meta(RecordFilterSet.Meta):
        model = Company
        fields = []


class GroupingFilterSet(RecordFilterSet):
    search_fields = ("name",)

    domain = django_filters.ModelChoiceFilter(label=_("domain"), queryset=Domain.objects.all(), method=filter_domain)

    class Meta(RecordFilterSet.Meta):
        model = Grouping
        fields = []


class OpportunityFilterSet(RecordFilterSet):
    search_fields = ("title", "buyer", "description")

    status = django_filters.ChoiceFilter(label=_("status"), choices=Opportunity.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Opportunity.Kind.choices)
    domain = django_filters.ModelChoiceFilter(label=_("domain"), queryset=Domain.objects.all(), method=filter_domain)
    post = django_filters.ModelChoiceFilter(label=_("post"), queryset=Post.objects.all(), widget=AutocompleteSelect)
    country = django_filters.ModelChoiceFilter(
        label=_("country"), queryset=Country.objects.all(), widget=AutocompleteSelect
    )
    deadline_after = django_filters.DateFilter(label=_("deadline from"), field_name="deadline", lookup_expr="gte")
    deadline_before = django_filters.DateFilter(label=_("deadline until"), field_name="deadline", lookup_expr="lte")

    class Meta(RecordFilterSet.Meta):
        model = Opportunity
        fields = []


class TradeShowFilterSet(RecordFilterSet):
    search_fields = ("name", "city")

    country = django_filters.ModelChoiceFilter(
        label=_("country"), queryset=Country.objects.all(), widget=AutocompleteSelect
    )

    class Meta(RecordFilterSet.Meta):
        model = TradeShow
        fields = []


class AssistanceFilterSet(RecordFilterSet):
    search_fields = ("company__name", "summary")

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Assistance.Kind.choices)
    post = django_filters.ModelChoiceFilter(label=_("post"), queryset=Post.objects.all(), widget=AutocompleteSelect)
    closed = django_filters.TypedChoiceFilter(
        label=pgettext_lazy("assistance", "closed"), choices=YES_NO, coerce=lambda value: value == "True"
    )

    class Meta(RecordFilterSet.Meta):
        model = Assistance
        fields = []
