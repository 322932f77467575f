"""Typed input never answers 500 and never half-saves.

Every page the URL resolver knows gets garbage in each query-string parameter it
reads, and every form gets garbage in one field at a time: NUL bytes, very long
text, impossible dates, absurd numbers, keys of records that do not exist. The
pages, parameters and fields are discovered, not listed: a new filter or form
field is fuzzed as soon as it exists.

PostgreSQL only: it is the database that refuses what SQLite lets through (NUL
bytes, numbers out of range), and the suite runs on both, this file once.
"""

import contextlib
from unittest import mock

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import resolve
from django.views.generic import DeleteView
from django.views.generic.edit import FormMixin
from django_filters.views import FilterView

from dcis.access import policy_of
from dcis.views import DOMAIN_APPS
from tests import test_access_matrix
from tests.forms import form_data
from tests.test_access_matrix import URLS, url_for, view_model

world = test_access_matrix.world  # the fixture: two posts and a user of each kind

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the fuzz runs on PostgreSQL only (set DATABASE_URL), which refuses more than SQLite",
)

TEXTS = ["x\x00y", "x" * 10_000]
DATES = ["2026-02-30", "9999-12-31", "0000-01-01", "not a date"]
NUMBERS = ["-1", str(10**30), "1e308", "nan", "inf"]
KEYS = ["99999999", "-1", str(10**30), "abc"]
BAD_VALUES = list(dict.fromkeys(TEXTS + DATES + NUMBERS + KEYS))


def bad_values(field_class):
    """What any field must survive (TEXTS), and what its kind could misread.

    A text field reads "nan" or "9999-12-31" as text: typing every value into every
    field would triple the run time and find nothing more. A parameter without a
    known field gets every value.
    """
    kinds = [
        (forms.ModelChoiceField | forms.ModelMultipleChoiceField, KEYS),
        (forms.DateField | forms.DateTimeField, DATES),
        (forms.IntegerField, NUMBERS),  # DecimalField and FloatField included
        (forms.ChoiceField, ["-1", str(10**30), "abc"]),
        (forms.CharField | forms.BooleanField, []),
    ]
    if field_class is not None:
        for kind, values in kinds:
            if issubclass(field_class, kind):
                return TEXTS + values
    return BAD_VALUES


# Values for a path parameter, by converter: what a hand-typed URL could hold.
BAD_PATH_VALUES = {"int": ["0", "99999999", str(10**30)], "str": ["abc", str(10**30), "x%00y"], "country": ["ZZ"]}

# Parameters a list could read besides its filters: pagination, the usual ordering
# names, the search; those it does not read get the texts, to show they are ignored.
LIST_PARAMETERS = {"page", "sort", "o", "q"}

PAGES = [url for url in URLS if policy_of(url[0], url[2]) in ("read", "write", "central")]
GET_PAGES = [url for url in PAGES if "get" in url[2].view_class.http_method_names]
FORM_PAGES = [
    url
    for url in GET_PAGES
    if issubclass(url[2].view_class, FormMixin)
    and not issubclass(url[2].view_class, DeleteView)
    and "post" in url[2].view_class.http_method_names
]
POST_ONLY_PAGES = [url for url in PAGES if "get" not in url[2].view_class.http_method_names]


def ids(urls):
    return [url[0] for url in urls]


@contextlib.contextmanager
def parameters_read():
    """The names a request reads from its query string or form data."""
    names = set()

    def recording(method):
        original = getattr(QueryDict, method)

        def read(self, key, *args, **kwargs):
            # A template's `request.GET.urlencode` tries a key before the attribute.
            if isinstance(key, str) and not hasattr(QueryDict, key):
                names.add(key)
            return original(self, key, *args, **kwargs)

        return read

    with contextlib.ExitStack() as stack:
        for method in ("__getitem__", "__contains__", "get", "getlist"):
            stack.enter_context(mock.patch.object(QueryDict, method, recording(method)))
        yield names


def tracked_tables():
    """Every table a request could write to: domain models, their history, accounts, m2m tables."""
    models = apps.get_models(include_auto_created=True)
    return sorted({m._meta.db_table for m in models if m._meta.app_label in (*DOMAIN_APPS, "auth")})


def row_counts():
    """The row count of every tracked table, in one query."""
    tables = tracked_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def snapshot(record):
    """What a refused POST must leave as it was: every table's count and the record's row."""
    row = type(record)._base_manager.filter(pk=record.pk).values().first() if record is not None else None
    return row_counts(), row


def shown(value):
    return repr(value if len(value) < 20 else value[:10] + f"…({len(value)} characters)")


def answer(client, method, url, data, failures, what):
    """The response, or None with the failure noted when the request raised (a 500)."""
    try:
        # A savepoint, so that a database error leaves the test's transaction usable.
        with transaction.atomic():
            response = getattr(client, method)(url, data)
    except Exception as error:  # any exception is a 500: note it and go on
        failures.append(f"{method.upper()} {url} {what}: {type(error).__name__}: {str(error)[:200]}")
        return None
    if response.status_code >= 500:
        failures.append(f"{method.upper()} {url} {what}: {response.status_code}")
        return None
    return response


def complete(page):
    """The form's values as the page shows them, with a first choice where one is required.

    Some samples lack a required many-to-many value (an agreement's countries, a
    request's themes): the user would pick one before saving.
    """
    data = form_data(page)
    for name, field in page.context["form"].fields.items():
        if field.required and not data.get(name) and getattr(field, "queryset", None) is not None:
            first = str(field.queryset.order_by("pk").values_list("pk", flat=True).first())
            data[name] = [first] if isinstance(field, forms.MultipleChoiceField) else first
    return data


@pytest.fixture
def central_client(client, world):
    client.force_login(world["users"]["central"])
    return client


@pytest.mark.parametrize(("name", "route", "view"), GET_PAGES, ids=ids(GET_PAGES))
def test_no_query_string_or_path_makes_a_page_fail(central_client, world, name, route, view):
    url = url_for(route, view, world)
    with parameters_read() as read:
        assert central_client.get(url).status_code == 200
    filterset = getattr(view.view_class, "filterset_class", None)
    filters = filterset.base_filters if issubclass(view.view_class, FilterView) and filterset else {}
    parameters = dict.fromkeys(read)  # read by the view, of unknown kind: every value
    parameters |= {name: TEXTS for name in LIST_PARAMETERS if filters and name not in read}
    parameters |= {name: bad_values(f.field_class) for name, f in filters.items()}
    failures = []
    for parameter, values in sorted(parameters.items()):
        for value in values or BAD_VALUES:
            answer(central_client, "get", url, {parameter: value}, failures, f"{parameter}={shown(value)}")
    # Each parameter of the path in turn, the others as they were.
    segments, route_segments = url.strip("/").split("/"), route.strip("/").split("/")
    for index, segment in enumerate(route_segments):
        if not segment.startswith("<"):
            continue
        converter = segment[1:].split(":")[0]
        for value in BAD_PATH_VALUES[converter]:
            bad_url = "/" + "/".join([*segments[:index], value, *segments[index + 1 :]]) + "/"
            answer(central_client, "get", bad_url, {}, failures, f"path {segment}={shown(value)}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("name", "route", "view"), FORM_PAGES, ids=ids(FORM_PAGES))
def test_no_field_value_makes_a_form_fail_or_half_save(central_client, world, name, route, view):
    url = url_for(route, view, world)
    model = view_model(view) or get_user_model()
    record = None
    if "<int:pk>" in route:
        record = model._base_manager.get(pk=resolve(url).kwargs["pk"])
    page = central_client.get(url)
    form, data = page.context["form"], complete(page)
    if record is not None:
        # The form as it stands is accepted: the fuzz below changes one thing at a time.
        response = central_client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        data = complete(central_client.get(url))  # the record's new version
    failures = []
    for field_name, field in form.fields.items():
        if field.widget.needs_multipart_form and not field.widget.is_hidden:
            continue  # a file comes in request.FILES, never as typed text
        for value in bad_values(type(field)):
            before = snapshot(record)
            typed = [value] if isinstance(field, forms.MultipleChoiceField) else value
            what = f"{field_name}={shown(value)}"
            response = answer(central_client, "post", url, {**data, field_name: typed}, failures, what)
            if response is None:
                continue
            if response.status_code == 302:
                if record is not None:
                    data = complete(central_client.get(url))  # the record's new version
                continue
            if snapshot(record) != before:
                failures.append(f"POST {url} {field_name}={shown(value)}: refused ({response.status_code}) yet saved")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("name", "route", "view"), POST_ONLY_PAGES, ids=ids(POST_ONLY_PAGES))
def test_no_value_makes_an_action_fail(central_client, world, name, route, view):
    url = url_for(route, view, world)
    with parameters_read() as read:
        assert central_client.post(url, {}).status_code < 500
    failures = []
    for parameter in sorted(read):
        for value in BAD_VALUES:
            answer(central_client, "post", url, {parameter: value}, failures, f"{parameter}={shown(value)}")
    assert not failures, "\n".join(failures)
