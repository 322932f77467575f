from django.urls import path

from dcis.import_views import import_urls
from dcis.records import record_type_urls
from dcis.views import RecordHistoryView, record_urls

from . import imports, views
from .models import Assistance, Company, Contact, Delegation, Domain, Grouping, Opportunity, TradeShow

app_name = "partnerships"

urlpatterns = [
    *import_urls("companies", imports.COMPANIES),
    *import_urls("groupings", imports.GROUPINGS),
    *import_urls("trade-shows", imports.TRADE_SHOWS),
    *import_urls("assistance", imports.ASSISTANCE),
    *record_urls(
        "companies",
        Company,
        list=views.CompanyListView,
        detail=views.CompanyDetailView,
        create=views.CompanyCreateView,
        update=views.CompanyUpdateView,
        history=RecordHistoryView,
    ),
    *record_urls(
        "groupings",
        Grouping,
        list=views.GroupingListView,
        detail=views.GroupingDetailView,
        create=views.GroupingCreateView,
        update=views.GroupingUpdateView,
        history=RecordHistoryView,
    ),
    *record_type_urls(
        "contacts",
        Contact,
        fields=["name", "role", "company", "grouping", "email", "phone", "receives_opportunities"],
        search=["name", "email", "company__name", "grouping__name"],
        select_related=["company", "grouping"],
        create=views.ContactCreateView,
        update=views.ContactUpdateView,
    ),
    *record_type_urls("domains", Domain, fields=["name"], search=["name"]),
    *record_urls(
        "opportunities",
        Opportunity,
        list=views.OpportunityListView,
        detail=views.OpportunityDetailView,
        create=views.OpportunityCreateView,
        update=views.OpportunityUpdateView,
        history=RecordHistoryView,
    ),
    *[
        path(
            f"opportunities/<int:pk>/{decision}/",
            views.OpportunityDecisionView.as_view(decision=decision),
            name=f"opportunity-{decision}",
        )
        for decision in ("validate", "reject", "disseminate", "close")
    ],
    *record_urls(
        "trade-shows",
        TradeShow,
        list=views.TradeShowListView,
        detail=views.TradeShowDetailView,
        create=views.TradeShowCreateView,
        update=views.TradeShowUpdateView,
        history=RecordHistoryView,
    ),
    *record_type_urls(
        "delegations",
        Delegation,
        fields=["service", "trade_show", "post", "country", "people"],
        search=["service", "trade_show__name"],
        select_related=["trade_show", "post", "country"],
        create=views.DelegationCreateView,
    ),
    *record_urls(
        "assistance",
        Assistance,
        list=views.AssistanceListView,
        detail=views.AssistanceDetailView,
        create=views.AssistanceCreateView,
        update=views.AssistanceUpdateView,
        history=RecordHistoryView,
    ),
]
