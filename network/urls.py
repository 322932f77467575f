from django.urls import path, register_converter

from dcis.import_views import import_urls
from dcis.records import record_type_urls
from dcis.views import RecordDeleteView, RecordHistoryView, record_urls

from . import imports, views
from .models import (
    Competence,
    Country,
    LogbookEntry,
    Objective,
    ObjectivesLetter,
    Person,
    Post,
    Posting,
    PostStatusChange,
    Priority,
    Zone,
)

app_name = "network"


class CountryCodeConverter:
    regex = "[A-Z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(CountryCodeConverter, "country")

urlpatterns = [
    *record_type_urls("zones", Zone, fields=["name", "parent"], search=["name"], select_related=["parent"]),
    *record_urls(
        "posts",
        Post,
        list=views.PostListView,
        detail=views.PostDetailView,
        create=views.PostCreateView,
        update=views.PostUpdateView,
        history=RecordHistoryView,
    ),
    *record_urls(
        "post-status",
        PostStatusChange,
        create=views.PostStatusChangeCreateView,
        history=RecordHistoryView,
        delete=RecordDeleteView,
    ),
    *record_urls(
        "competences",
        Competence,
        create=views.CompetenceCreateView,
        update=views.CompetenceUpdateView,
        history=RecordHistoryView,
        delete=RecordDeleteView,
    ),
    *record_urls(
        "people",
        Person,
        list=views.PersonListView,
        detail=views.PersonDetailView,
        create=views.PersonCreateView,
        update=views.PersonUpdateView,
        history=RecordHistoryView,
        delete=RecordDeleteView,
    ),
    *record_urls(
        "postings",
        Posting,
        create=views.PostingCreateView,
        update=views.PostingUpdateView,
        history=RecordHistoryView,
        delete=RecordDeleteView,
    ),
    *record_urls(
        "countries",
        Country,
        key="<country:pk>",
        list=views.CountryListView,
        detail=views.CountryDetailView,
        history=RecordHistoryView,
    ),
    *record_type_urls("priorities", Priority, fields=["name", "active"], search=["name"]),
    *record_urls(
        "objectives",
        ObjectivesLetter,
        list=views.ObjectivesLetterListView,
        detail=views.ObjectivesLetterDetailView,
        create=views.ObjectivesLetterCreateView,
        update=views.ObjectivesLetterUpdateView,
        history=RecordHistoryView,
        delete=RecordDeleteView,
    ),
    path("objectives/<int:pk>/sign/", views.SignLetterView.as_view(), name="objectivesletter-sign"),
    *record_urls(
        "letter-objectives",
        Objective,
        create=views.ObjectiveCreateView,
        update=views.ObjectiveUpdateView,
        history=RecordHistoryView,
        delete=RecordDeleteView,
    ),
    *record_type_urls(
        "logbook",
        LogbookEntry,
        fields=["title", "date", "post", "kind", "priority", "objective"],
        form_fields=["post", "date", "kind", "title", "text", "priority", "objective"],
        search=["title", "text", "post__name"],
        select_related=["post", "priority", "objective"],
    ),
    *import_urls("people", imports.PEOPLE),
    *import_urls("postings", imports.POSTINGS),
    path("countries/<country:code>/move/", views.MoveCompetenceView.as_view(), name="country-move"),
    path("rotation/<int:year>/", views.RotationView.as_view(), name="rotation"),
]
