"""The columns of the partnerships lists: companies, groupings, opportunities, trade shows, assistance."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dcis import tables

from .models import Assistance, Company, Grouping, Opportunity, TradeShow


class CompanyTable(tables.RecordTable):
    name = tables.LinkColumn(verbose_name=_("name"))
    siren = tables.Column(verbose_name=_("SIREN"))
    size = tables.ChoiceColumn(verbose_name=_("size"))
    domains = tables.ManyColumn("domains", verbose_name=_("domains"))
    referenced = tables.DateColumn(verbose_name=_("referenced on"), accessor="referenced_on")
    charter_accepted_on = tables.DateColumn(verbose_name=_("partnership charter accepted on"))
    receives = tables.Column(
        verbose_name=_("receives opportunities"), accessor="active", order_by=("active", "charter_accepted_on")
    )
    website = tables.Column(verbose_name=_("website"))

    default_columns = ["name", "siren", "size", "domains", "referenced", "receives"]

    class Meta(tables.RecordTable.Meta):
        model = Company
        fields = ()

    def receives_label(self, record):
        if record.active and record.charter_accepted_on:
            return _("yes")
        return _("inactive") if not record.active else _("no charter")

    def render_receives(self, record):
        if record.active and record.charter_accepted_on:
            return _("yes")
        badge = "" if not record.active else " fr-badge--warning"
        return format_html('<p class="fr-badge fr-badge--sm{}">{}</p>', badge, self.receives_label(record))

    def value_receives(self, record):
        return str(self.receives_label(record))


class GroupingTable(tables.RecordTable):
    name = tables.LinkColumn(verbose_name=_("name"))
    domains = tables.ManyColumn("domains", verbose_name=_("domains"))
    members = tables.ManyColumn("members", verbose_name=_("member companies"))
    referenced = tables.DateColumn(verbose_name=_("referenced on"), accessor="referenced_on")

    class Meta(tables.RecordTable.Meta):
        model = Grouping
        fields = ()


class OpportunityTable(tables.RecordTable):
    signalled = tables.DateColumn(verbose_name=_("signalled on"), accessor="signalled_on")
    title = tables.LinkColumn(verbose_name=_("title"))
    post = tables.TextColumn(verbose_name=_("post"), order_by=("post__name",))
    buyer = tables.Column(verbose_name=_("foreign buyer"))
    country = tables.TextColumn(verbose_name=_("country"), order_by=("country__name",))
    kind = tables.ChoiceColumn(verbose_name=_("kind"))
    domains = tables.ManyColumn("domains", verbose_name=_("domains"))
    estimated_value = tables.AmountColumn(verbose_name=_("estimated value (€)"))
    deadline = tables.DateColumn(verbose_name=_("deadline"))
    status = tables.ChoiceColumn(verbose_name=_("status"))

    default_columns = ["signalled", "title", "post", "country", "deadline", "status"]

    class Meta(tables.RecordTable.Meta):
        model = Opportunity
        fields = ()


class TradeShowTable(tables.RecordTable):
    name = tables.LinkColumn(verbose_name=_("trade show"))
    start = tables.DateColumn(verbose_name=_("start"))
    end = tables.DateColumn(verbose_name=_("end"))
    city = tables.Column(verbose_name=_("city"))
    country = tables.TextColumn(verbose_name=_("country"), order_by=("country__name",))
    companies = tables.ManyColumn("companies", verbose_name=_("companies"))

    default_columns = ["name", "start", "end", "city", "country"]

    class Meta(tables.RecordTable.Meta):
        model = TradeShow
        fields = ()


class AssistanceTable(tables.RecordTable):
    date = tables.DateColumn(verbose_name=_("date"))
    company = tables.LinkColumn(verbose_name=_("company"), order_by=("company__name",))
    kind = tables.ChoiceColumn(verbose_name=_("kind"))
    post = tables.TextColumn(verbose_name=_("post"), order_by=("post__name",))
    country = tables.TextColumn(verbose_name=_("country"), order_by=("country__name",))
    summary = tables.Column(verbose_name=_("summary"))
    closed = tables.BooleanColumn(verbose_name=pgettext_lazy("assistance", "closed"))

    default_columns = ["date", "company", "kind", "post", "closed"]

    class Meta(tables.RecordTable.Meta):
        model = Assistance
        fields = ()
