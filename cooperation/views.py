from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property

from dcis.summaries import remembered
from dcis.views import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView

from . import services
from .filters import ActionFilterSet, AgreementFilterSet, EventFilterSet, OperationalRequestFilterSet
from .forms import ActionForm, AgreementForm, EventForm, OperationalRequestForm
from .models import Action, Agreement, Event, OperationalRequest
from .tables import ActionTable, AgreementTable, EventTable, OperationalRequestTable

# Technical cooperation actions


class ActionListView(RecordListView):
    model = Action
    filterset_class = ActionFilterSet
    table_class = ActionTable
    select_related = ("post",)

    @cached_property
    def totals(self):
        """Figures for the whole filtered list, not just the page shown; its count is the paginator's."""
        return remembered("action totals", self.object_list.order_by(), lambda actions: actions.totals())

    def row_count(self):
        return self.totals["count"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(totals=self.totals, **kwargs)


class ActionDetailView(RecordDetailView):
    model = Action
    select_related = ("post", "outside_competence_confirmed_by")
    prefetch_related = ("themes", "countries", "institutions", "directorates", "experts")
    fields = [
        "post",
        "kind",
        "status",
        "place",
        "themes",
        "countries",
        "institutions",
        "directorates",
        "experts",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "foreign_participants",
        "french_experts",
        "funding",
        "funding_programme",
        "planned_cost",
        "actual_cost",
        "rating",
        "description",
        "evaluation",
        "expected_return",
        "outside_competence_confirmed_by",
    ]


class ActionFormMixin:
    model = Action
    form_class = ActionForm

    def save_record(self, form):
        action = form.save(commit=False)
        services.save_action(
            action,
            form.cleaned_data["countries"],
            self.request.user,
            confirm=form.cleaned_data.get("confirm_outside_competence", False),
        )
        form.save_m2m()
        return action


class ActionCreateView(ActionFormMixin, RecordCreateView):
    pass


class ActionUpdateView(ActionFormMixin, RecordUpdateView):
    pass


# Operational requests


RESPONSE_TIME_GROUPS = {"post": F("post__name"), "service": F("service__acronym"), "year": ExtractYear("received_on")}


def response_times(requests):
    """Median response time in days per post, per requesting service and per year:
    [(name, median, answered)] in the order of the names, one grouped query each."""
    answered = requests.filter(answered_on__isnull=False)
    return {
        group: [(row["key"], row["median"], row["answered"]) for row in answered.median_response_days(key=key)]
        for group, key in RESPONSE_TIME_GROUPS.items()
    }


# A page shows at most this many lines of a median table: the longest medians, where they are more.
MEDIAN_LINES = 20


def longest_medians(rows):
    if len(rows) <= MEDIAN_LINES:
        return rows
    return sorted(rows, key=lambda row: -row[1])[:MEDIAN_LINES]


class OperationalRequestListView(RecordListView):
    model = OperationalRequest
    filterset_class = OperationalRequestFilterSet
    table_class = OperationalRequestTable
    select_related = ("post", "service", "country")

    def get_context_data(self, **kwargs):
        counted = self.counted().order_by()
        medians = remembered("request medians", counted, response_times)
        return super().get_context_data(
            totals=remembered(
                "request totals",
                counted,
                lambda requests: requests.aggregate(
                    count=Count("pk"), open=Count("pk", filter=Q(answered_on__isnull=True))
                ),
            ),
            medians={group: longest_medians(rows) for group, rows in medians.items()},
            median_tables=[(group, longest_medians(rows), len(rows)) for group, rows in medians.items()],
            oldest_open=self.object_list.open().select_related("post", "service").order_by("received_on")[:10],
            **kwargs,
        )


class OperationalRequestDetailView(RecordDetailView):
    model = OperationalRequest
    select_related = ("post", "service", "country")
    prefetch_related = ("themes",)
    fields = ("post", "service", "reference", "kind", "themes", "country", "received_on", "answered_on", "outcome")


class OperationalRequestCreateView(RecordCreateView):
    model = OperationalRequest
    form_class = OperationalRequestForm


class OperationalRequestUpdateView(RecordUpdateView):
    model = OperationalRequest
    form_class = OperationalRequestForm


# Agreements


class AgreementListView(RecordListView):
    model = Agreement
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    select_related = ("post",)


class AgreementDetailView(RecordDetailView):
    model = Agreement
    select_related = ("post",)
    prefetch_related = ("countries", "themes")
    fields = [
        "kind",
        "status",
        "countries",
        "french_signatories",
        "foreign_signatories",
        "signed_on",
        "in_force_from",
        "in_force_until",
        "themes",
        "post",
        "document",
    ]


class AgreementCreateView(RecordCreateView):
    model = Agreement
    form_class = AgreementForm


class AgreementUpdateView(RecordUpdateView):
    model = Agreement
    form_class = AgreementForm


# Events


class EventListView(RecordListView):
    model = Event
    filterset_class = EventFilterSet
    table_class = EventTable
    select_related = ("post", "zone", "host_country", "theme")

    def get_context_data(self, **kwargs):
        events = self.object_list.order_by()
        totals = events.aggregate(count=Count("pk", distinct=True), participants=Count("participants"))
        totals["partners"] = events.aggregate(n=Sum("partners__count"))["n"] or 0
        return super().get_context_data(totals=totals, **kwargs)


class EventDetailView(RecordDetailView):
    model = Event
    select_related = ("post", "zone", "host_country", "theme")
    prefetch_related = ("participants", "partners")
    fields = ("kind", "theme", "zone", "host_country", "city", "start", "end", "post", "participants")


class EventCreateView(RecordCreateView):
    model = Event
    form_class = EventForm


class EventUpdateView(RecordUpdateView):
    model = Event
    form_class = EventForm
