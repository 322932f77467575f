from dcis.import_views import import_urls
from dcis.records import record_type_urls
from dcis.views import RecordDeleteView, RecordHistoryView, record_file_url, record_urls

from . import imports, views
from .models import (
    Action,
    Agreement,
    Directorate,
    Event,
    EventPartner,
    Institution,
    OperationalRequest,
    RequestingService,
    Theme,
)

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
    *record_type_urls("themes", Theme, fields=["name", "active"], search=["name"]),
    *record_type_urls("contributors", Directorate, fields=["acronym", "name", "active"], search=["acronym", "name"]),
    *record_type_urls(
        "requesting-services", RequestingService, fields=["acronym", "name", "active"], search=["acronym", "name"]
    ),
    *record_type_urls(
        "institutions",
        Institution,
        fields=["name", "country"],
        search=["name", "country__name"],
        select_related=["country"],
    ),
    *record_type_urls(
        "event-partners",
        EventPartner,
        fields=["name", "kind", "count", "event"],
        form_fields=["event", "kind", "name", "count"],
        search=["name", "event__title"],
        select_related=["event"],
    ),
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
    *import_urls("actions", imports.ACTIONS),
    *import_urls("requests", imports.REQUESTS),
    *import_urls("agreements", imports.AGREEMENTS),
    *import_urls("events", imports.EVENTS),
    *pages(
        "events",
        Event,
        views.EventListView,
        views.EventDetailView,
        views.EventCreateView,
        views.EventUpdateView,
    ),
]
