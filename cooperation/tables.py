"""The columns of the cooperation lists: actions, operational requests, agreements, events."""

from django.utils.translation import gettext_lazy as _

from dcis import tables

from .models import Action, Agreement, Event, OperationalRequest


class ActionTable(tables.RecordTable):
    date = tables.DateColumn(verbose_name=_("date"), accessor="start", order_by=("starts_on", "title"))
    title = tables.LinkColumn(verbose_name=_("title"))
    kind = tables.ChoiceColumn(verbose_name=_("type"))
    post = tables.TextColumn(verbose_name=_("post"), order_by=("post__name",))
    countries = tables.ManyColumn("countries", verbose_name=_("beneficiary countries"))
    themes = tables.ManyColumn("themes", verbose_name=_("themes"))
    status = tables.ChoiceColumn(verbose_name=_("status"))
    place = tables.ChoiceColumn(verbose_name=_("where"))
    planned_start = tables.DateColumn(verbose_name=_("planned start"))
    planned_end = tables.DateColumn(verbose_name=_("planned end"))
    actual_start = tables.DateColumn(verbose_name=_("actual start"))
    actual_end = tables.DateColumn(verbose_name=_("actual end"))
    foreign_participants = tables.IntegerColumn(verbose_name=_("foreign participants"))
    french_experts = tables.IntegerColumn(verbose_name=_("French experts"))
    funding = tables.ChoiceColumn(verbose_name=_("funding"))
    funding_programme = tables.Column(verbose_name=_("funding programme"))
    planned_cost = tables.AmountColumn(verbose_name=_("planned cost (€)"))
    actual_cost = tables.AmountColumn(verbose_name=_("actual cost (€)"))
    directorates = tables.ManyColumn("directorates", field="acronym", verbose_name=_("French contributors"))

    default_columns = ["date", "title", "kind", "post", "countries", "status"]

    class Meta(tables.RecordTable.Meta):
        model = Action
        fields = ()


class OperationalRequestTable(tables.RecordTable):
    received = tables.DateColumn(verbose_name=_("received on"), accessor="received_on")
    reference = tables.LinkColumn(verbose_name=_("request"), accessor="reference", order_by=("reference",))
    service = tables.TextColumn(verbose_name=_("requesting service"), order_by=("service__acronym",))
    kind = tables.ChoiceColumn(verbose_name=_("kind"))
    post = tables.TextColumn(verbose_name=_("post"), order_by=("post__name",))
    country = tables.TextColumn(verbose_name=_("country"), order_by=("country__name",))
    themes = tables.ManyColumn("themes", verbose_name=_("themes"))
    answered = tables.DateColumn(verbose_name=_("answered on"), accessor="answered_on")
    response_time = tables.IntegerColumn(verbose_name=_("response time (days)"), orderable=False)
    outcome = tables.ChoiceColumn(verbose_name=_("outcome"))

    default_columns = ["received", "reference", "kind", "post", "country", "answered", "response_time", "outcome"]

    class Meta(tables.RecordTable.Meta):
        model = OperationalRequest
        fields = ()


class AgreementTable(tables.RecordTable):
    signed = tables.DateColumn(verbose_name=_("signed on"), accessor="signed_on")
    title = tables.LinkColumn(verbose_name=_("title"))
    kind = tables.ChoiceColumn(verbose_name=_("kind"))
    countries = tables.ManyColumn("countries", verbose_name=_("countries"))
    status = tables.ChoiceColumn(verbose_name=_("status"))
    post = tables.TextColumn(verbose_name=_("post following it"), order_by=("post__name",))
    in_force_from = tables.DateColumn(verbose_name=_("in force from"))
    in_force_until = tables.DateColumn(verbose_name=_("in force until"))
    french_signatories = tables.Column(verbose_name=_("French signatories"))
    foreign_signatories = tables.Column(verbose_name=_("foreign signatories"))

    default_columns = ["signed", "title", "kind", "countries", "status"]

    class Meta(tables.RecordTable.Meta):
        model = Agreement
        fields = ()


class EventTable(tables.RecordTable):
    date = tables.DateColumn(verbose_name=_("date"), accessor="start", order_by=("start",))
    title = tables.LinkColumn(verbose_name=_("title"))
    kind = tables.ChoiceColumn(verbose_name=_("kind"))
    theme = tables.TextColumn(verbose_name=_("theme"), order_by=("theme__name",))
    city = tables.Column(verbose_name=_("city"))
    host_country = tables.TextColumn(verbose_name=_("host country"), order_by=("host_country__name",))
    zone = tables.TextColumn(verbose_name=_("zone"), order_by=("zone__name",))
    post = tables.TextColumn(verbose_name=_("organising post"), order_by=("post__name",))
    end = tables.DateColumn(verbose_name=_("end"))
    participants = tables.ManyColumn(
        "participants", field="last_name", verbose_name=_("participants from the network")
    )

    default_columns = ["date", "title", "kind", "city", "host_country", "post"]

    class Meta(tables.RecordTable.Meta):
        model = Event
        fields = ()
