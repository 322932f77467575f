"""Every page runs a number of queries that does not grow with the records around it.

Each GET page of the register is measured for central staff and for a post's staff on
a small network, then on one where every record type has several more rows of each
post — more people, postings, actions, requests, companies, recipients… The counts
must be equal and equal to the numbers pinned below: a change that adds a query to a
page changes this file. (Lists are pinned with their exports in test_lists_and_exports.)
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from dcis.access import policy_of
from tests import factories
from tests.test_access_matrix import RECORD_URLS, SAMPLES, url_for, world  # noqa: F401 (a fixture)

PAGES = [
    (name, route, view)
    for name, route, view in RECORD_URLS
    if "get" in view.view_class.http_method_names
    and not name.endswith("-list")
    and name != "autocomplete"  # pinned with its searches in test_autocomplete
    and "export" not in name
    and policy_of(name, view) in ("read", "write", "central")
]


def grow(world, times=2):
    """More records of every type around post A (the sampled records' post), and elsewhere."""
    for _ in range(times):
        for make in SAMPLES.values():
            try:
                with transaction.atomic():
                    make(world["post_a"])
            except IntegrityError:
                pass  # a sample that exists once per post (a status change on its date)
        for post in (world["post_a"], world["post_b"]):
            factories.PostingFactory(post=post, role="assistant")
            factories.ActionFactory(post=post)
            factories.OperationalRequestFactory(post=post)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


@pytest.mark.parametrize(("name", "route", "view"), PAGES, ids=[page[0] for page in PAGES])
def test_a_page_runs_a_pinned_number_of_queries_whatever_the_records(client, world, name, route, view):
    url = url_for(route, view, world)
    roles = ["central", "staff_a"]
    measured = {}
    for role in roles:
        client.force_login(world["users"][role])
        client.get(url)  # the session
        measured[role] = [queries(client, url)]
    grow(world)
    for role in roles:
        client.force_login(world["users"][role])
        client.get(url)
        measured[role].append(queries(client, url))
    for role in roles:
        small, large = measured[role]
        assert small == large, f"{role}: {small[1]} queries on a small network, {large[1]} on a larger one"
    import json
    with open(f"/tmp/pins/{name}.json", "w") as f:
        json.dump({role: measured[role][0] for role in roles}, f)
    assert {role: measured[role][0] for role in roles} == PAGE_QUERIES[name], name


PAGE_QUERIES = {}
