from django.urls import path

from dcis.views import RecordHistoryView, record_urls

from . import views
from .models import Assistance, Company, Contact, Delegation, Grouping, Opportunity, TradeShow

app_name = "partnerships"

urlpatterns = [
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
    *record_urls("contacts", Contact, create=views.ContactCreateView, update=views.ContactUpdateView),
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
    *record_urls("delegations", Delegation, create=views.DelegationCreateView),
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
