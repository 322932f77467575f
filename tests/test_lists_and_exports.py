"""Every list is served by the generic machinery: its declared columns, the user's choice of
columns and page size, and its export to CSV and XLSX through the access policy."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.models import Action, Directorate, Institution, RequestingService, Theme
from dcis.models import ExportRecord, ImportRecord, ListPreference
from dcis.views import RecordListView
from network.models import Country, Zone
from partnerships.models import Domain, TradeShow
from tests import factories
from tests.test_access_matrix import URLS

LISTS = [
    (name, route, view) for name, route, view in URLS if issubclass(getattr(view, "view_class", type), RecordListView)
]


def test_every_list_declares_its_columns():
    assert len(LISTS) >= 13
    for name, _route, view in LISTS:
        table = view.view_class.table_class
        assert table is not None, name
        assert table.base_columns, name


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


@pytest.fixture
def actions(db, post):
    factories.CompetenceFactory(post=post)
    first = factories.ActionFactory(
        post=post,
        title="Formation cyber",
        planned_start=datetime.date(2025, 3, 2),
        planned_end=datetime.date(2025, 3, 6),
        planned_cost=Decimal("11500.50"),
        countries=[factories.country("TH"), factories.country("LA")],
    )
    factories.ActionFactory(post=post, title="Audit portuaire", planned_start=datetime.date(2024, 5, 1))
    return first


def test_the_action_list_shows_its_declared_columns_in_french(client, central, actions):
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"))
    assert [column.name for column in response.context["table"].columns] == [
        "date",
        "title",
        "kind",
        "post",
        "countries",
        "status",
    ]
    assertContains(response, "Formation cyber")
    assertContains(response, "02/03/2025")
    assertContains(response, "Laos, Thaïlande")
    assertContains(response, "Exporter CSV")


def test_exports_follow_the_page_filters_and_write_typed_cells(client, central, actions):
    client.force_login(central)
    url = reverse("cooperation:action-list")
    response = client.get(url, {"year": 2025, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="actions-de-cooperation-technique-2025-')
    assert disposition.endswith(f'{datetime.date.today().isoformat()}.csv"')
    rows = read_csv(response)
    header, *data = rows
    assert header[:3] == ["date", "intitulé", "type"]
    assert [row[1] for row in data] == ["Formation cyber"]
    assert data[0][0] == "02/03/2025"
    assert data[0][header.index("pays bénéficiaires")] == "Laos; Thaïlande"
    assert data[0][header.index("coût prévu (€)")] == "11500,50"

    sheet = read_xlsx(client.get(url, {"year": 2025, "export": "xlsx"}))
    values = list(sheet.values)
    assert values[0][:3] == ("date", "intitulé", "type")
    assert len(values) == 2
    cells = dict(zip(values[0], values[1], strict=True))
    assert cells["date"] == datetime.datetime(2025, 3, 2)
    assert cells["coût prévu (€)"] == 11500.5
    assert cells["participants étrangers"] == 12
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{chr(ord('A') + len(values[0]) - 1)}2"


def test_an_export_is_recorded_for_central_staff(client, central, attache, actions):
    client.force_login(attache)
    client.get(reverse("cooperation:action-list"), {"year": 2025, "export": "xlsx"})
    record = ExportRecord.objects.get()
    assert (record.user, record.list_name, record.format, record.filters) == (
        attache,
        "cooperation.action",
        "xlsx",
        "year=2025",
    )
    assert client.get(reverse("exportrecord-list")).status_code == 403
    client.force_login(central)
    response = client.get(reverse("exportrecord-list"))
    assertContains(response, "asi.bangkok")
    assertContains(response, "year=2025")


def test_exports_leave_out_what_the_user_may_not_see(client, post, other_post):
    own = factories.OperationalRequestFactory(post=post, reference="2026/BANGKOK")
    factories.OperationalRequestFactory(post=other_post, reference="2026/MADRID")
    staff = factories.post_staff_user(post, username="asi.bkk")
    client.force_login(staff)
    rows = read_csv(client.get(reverse("cooperation:operationalrequest-list"), {"export": "csv"}))
    assert [row[1] for row in rows[1:]] == [own.reference]
    reader = factories.read_only_user(username="lecteur")
    client.force_login(reader)
    assert read_csv(client.get(reverse("cooperation:operationalrequest-list"), {"export": "csv"}))[1:] == []


def test_the_export_button_shows_only_when_there_are_rows(client, central, db):
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"))
    assertNotContains(response, "Exporter CSV")


def test_a_user_chooses_the_columns_and_page_size_of_a_list(client, central, actions):
    client.force_login(central)
    url = reverse("cooperation:action-list")
    response = client.post(
        url, {"columns": ["title", "planned_cost", "nonsense"], "per_page": "50", "query": "year=2025&page=3"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?year=2025"
    preference = ListPreference.objects.get(user=central, list_name="cooperation.action")
    assert preference.columns == ["title", "planned_cost"]
    response = client.get(url)
    # The first column always stays.
    assert [column.name for column in response.context["table"].columns] == ["date", "title", "planned_cost"]
    assert response.context["table"].paginator.per_page == 50
    assertContains(response, "11\xa0500,50\xa0€")
    # The URL's page size wins for this page; a size not offered is ignored.
    assert client.get(url, {"per_page": 100}).context["table"].paginator.per_page == 100
    assert client.get(url, {"per_page": 7}).context["table"].paginator.per_page == 50
    client.post(url, {"reset": "1"})
    assert not ListPreference.objects.exists()
    assert client.get(url).context["table"].paginator.per_page == 25


def test_sorting_by_a_column_and_a_bad_sort_or_page_are_no_error(client, central, actions):
    client.force_login(central)
    url = reverse("cooperation:action-list")
    titles = [action.title for action in client.get(url, {"sort": "title"}).context["object_list"]]
    assert titles == ["Audit portuaire", "Formation cyber"]
    titles = [action.title for action in client.get(url, {"sort": "-title"}).context["object_list"]]
    assert titles == ["Formation cyber", "Audit portuaire"]
    for query in ({"sort": "nonsense"}, {"page": "abc"}, {"page": "999"}, {"export": "pdf"}):
        assert client.get(url, query).status_code == 200


def export_queries(client, url, export_format):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"export": export_format})
        if export_format == "csv":
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def grow(model, post, i):
    """One more record of the model, for the post (another country where that matters)."""
    from tests.test_access_matrix import SAMPLES

    if model is Country:
        return factories.CompetenceFactory(post=post, country=factories.country(["PE", "CL", "AR"][i]))
    if model is TradeShow:
        return TradeShow.objects.create(
            name=f"Salon {i}",
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 1, 2),
            city="X",
            country_id="FR",
        )
    if model in (Zone, Theme, Domain):
        return model.objects.create(name=f"{model.__name__} {i}")
    if model in (Directorate, RequestingService):
        return model.objects.create(name=f"{model.__name__} {i}", acronym=f"ACR{i}")
    if model is Institution:
        return Institution.objects.create(country_id="SG", name=f"Institution {i}")
    if model is ExportRecord:
        return ExportRecord.objects.create(user=factories.UserFactory(), list_name="x", format="csv", path="/")
    if model is ImportRecord:
        user = factories.UserFactory()
        return ImportRecord.objects.create(user=user, record_type="cooperation.action", file_name="actions.csv")
    return SAMPLES[model](post)


def page_queries(client, url):
    cache.clear()  # the figures computed, not remembered (tests/test_summaries.py)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Queries of a list page, whatever its rows: the session, the user, their groups and postings
# (4), the list preference (1), the count and the page (2), one per select of the filter
# form (none for a searchable select with nothing chosen: it lists no records) after the last
# change of the records they offer (1, for the form kept drawn: tests/test_summaries.py), and what
# the page sums up. The session is not written on every page.
PAGE_QUERIES = {
    "cooperation:action-list": 12,  # the totals, after their last change, give the paginator its count
    "cooperation:agreement-list": 10,
    "cooperation:event-list": 12,
    "cooperation:operationalrequest-list": 18,  # the medians: one grouped query per grouping
    # Reference data, from one declaration each: no filter but the search box.
    "cooperation:directorate-list": 7,
    "cooperation:eventpartner-list": 7,
    "cooperation:institution-list": 7,
    "cooperation:requestingservice-list": 7,
    "cooperation:theme-list": 7,
    "network:zone-list": 7,
    "network:priority-list": 7,
    "network:logbookentry-list": 7,
    "partnerships:contact-list": 7,
    "partnerships:delegation-list": 7,
    "partnerships:domain-list": 7,
    "exportrecord-list": 7,
    "importrecord-list": 7,
    "network:country-list": 9,
    "network:objectivesletter-list": 11,  # central staff: the heads of post without a letter (2)
    "network:person-list": 8,
    "network:post-list": 9,
    "partnerships:assistance-list": 8,
    "partnerships:company-list": 10,
    "partnerships:grouping-list": 9,
    "partnerships:opportunity-list": 9,
    "partnerships:tradeshow-list": 8,
}
# An export: the session, the user, their groups and postings (4), its line in the export
# log (1) and its rows, all of them, in one query.
EXPORT_QUERIES = 6


@pytest.mark.parametrize(("name", "route", "view"), LISTS, ids=[url[0] for url in LISTS])
def test_every_list_and_its_export_run_a_pinned_number_of_queries(client, central, post, name, route, view):
    from tests.test_access_matrix import view_model

    client.force_login(central)
    url = "/" + route
    model = view_model(view)
    grow(model, post, 0)
    client.get(url)  # the session
    counts = [page_queries(client, url), export_queries(client, url, "csv"), export_queries(client, url, "xlsx")]
    for i in (1, 2):
        grow(model, factories.PostFactory(name=f"SSI {i}", host_country=factories.country("PE")), i)
    many = [page_queries(client, url), export_queries(client, url, "csv"), export_queries(client, url, "xlsx")]
    assert counts == many == [PAGE_QUERIES[name], EXPORT_QUERIES, EXPORT_QUERIES]


def test_the_csv_export_is_streamed_row_by_row(client, central, actions):
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"), {"export": "csv"})
    assert response.streaming
    assert Action.objects.count() == len(read_csv(response)) - 1


def test_the_rotation_exports_who_moves(client, central, post):
    from network.models import Posting

    leaving = factories.PostingFactory(post=post, role=Posting.Role.ASI, start=datetime.date(2022, 9, 1))
    arriving = factories.PostingFactory(post=post, role=Posting.Role.ASI, start=datetime.date(2026, 9, 1))
    ending = factories.PostingFactory(post=post, role=Posting.Role.DEPUTY, start=datetime.date(2023, 9, 1))
    factories.PostingFactory(post=post, role=Posting.Role.ASSISTANT, start=datetime.date(2024, 9, 1))  # stays
    client.force_login(central)
    url = reverse("network:rotation", args=[2026])
    assertContains(client.get(url), "?export=xlsx")
    with CaptureQueriesContext(connection) as queries:
        rows = read_csv(client.get(url, {"export": "csv"}))
    assert rows[0][:3] == ["mouvement", "personne", "rôle"]
    assert {row[0]: row[1] for row in rows[1:]} == {
        "part cet été": str(leaving.person),
        "arrive cet été": str(arriving.person),
        "fin de séjour l’an prochain": str(ending.person),
    }
    assert len(queries) == EXPORT_QUERIES
    assert ExportRecord.objects.get().list_name == "network.rotation"


def test_a_cell_names_the_first_related_records_and_counts_the_others(client, central):
    show = TradeShow.objects.create(
        name="Milipol",
        start=datetime.date(2025, 11, 18),
        end=datetime.date(2025, 11, 21),
        city="Paris",
        country_id="FR",
    )
    companies = [factories.CompanyFactory(name=f"Entreprise {letter}") for letter in "ABCDEFGH"]
    show.companies.set(companies)
    client.force_login(central)
    url = reverse("partnerships:tradeshow-list")
    client.post(url, {"columns": ["companies"], "per_page": 25})
    assertContains(client.get(url), "Entreprise A, Entreprise B, Entreprise C, Entreprise D, Entreprise E et 3 autres")
    exported = read_csv(client.get(url, {"export": "csv"}))
    assert "; ".join(company.name for company in companies) in exported[1]
