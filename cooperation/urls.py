from dcis.views import RecordDeleteView, RecordHistoryView, record_file_url, record_urls

from . import views
from .models import Action, Agreement, Event, OperationalRequest

app_name = "cooperation"


def pages(prefix, model, list_view, detail, create, update):
    return record_urls(
        prefix,
        model,
        list=list_view,
        detail=detail,
        create=create,
        update=update,
        history=RecordHistoryView,
        delete=RecordDeleteView,
    )


urlpatterns = [
    *pages(
        "actions",
        Action,
        views.ActionListView,
        views.ActionDetailView,
        views.ActionCreateView,
        views.ActionUpdateView,
    ),
    *pages(
        "requests",
        OperationalRequest,
        views.OperationalRequestListView,
        views.OperationalRequestDetailView,
        views.OperationalRequestCreateView,
        views.OperationalRequestUpdateView,
    ),
    *pages(
        "agreements",
        Agreement,
        views.AgreementListView,
        views.AgreementDetailView,
        views.AgreementCreateView,
        views.AgreementUpdateView,
    ),
    record_file_url("agreements", Agreement, "document"),
    *pages(
        "events",
        Event,
        views.EventListView,
        views.EventDetailView,
        views.EventCreateView,
        views.EventUpdateView,
    ),
]
