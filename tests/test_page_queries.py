"""Every page but the lists runs a pinned number of queries, with one row or many.

The lists and their exports are pinned in tests/test_lists_and_exports.py, the searchable
selects' endpoint in tests/test_autocomplete.py. Here every other page a user reads — record
pages, forms, history, the rotation, the home page — is requested by central staff and by the
staff of the post the record belongs to, on a network where each record has one related row,
then again once it has grown around it: more actions, requests, postings, agreements,
events, opportunities sent to companies, assistances, each with countries, themes and domains.
A page whose count moves with the data runs a query per row; a change that adds a query must
change the number here.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.views.generic.list import MultipleObjectMixin

from cooperation.models import EventPartner
from network.models import ObjectivesLetter, Posting
from partnerships import services
from partnerships.models import Assistance, Opportunity
from tests import factories
from tests.test_access_matrix import RECORD_URLS, SAMPLES, url_for, world  # noqa: F401 (the fixture)

D = datetime.date


def is_page(name, view):
    view_class = view.view_class
    return (
        "get" in view_class.http_method_names
        and not issubclass(view_class, MultipleObjectMixin)
        and not name.endswith("-list")
        and name != "autocomplete"
    )


PAGES = [url for url in RECORD_URLS if is_page(url[0], url[2])]


def grow(records, times):
    """More of everything around post A, its country and the reference data."""
    post = records["post_a"]
    central = records["users"]["central"]
    country = post.host_country
    others = [factories.country(code) for code in ("MY", "PE")]
    for i in range(times):
        factories.PostingFactory(post=post, role=Posting.Role.COOPERANT, start=D(2000 + i, 1, 1))
        factories.ActionFactory(post=post, countries=[country, *others])
        factories.OperationalRequestFactory(post=post, answered_on=D(2026, 2, 1), outcome="repondu")
        factories.AgreementFactory(post=post).countries.set([country, *others])
        event = factories.EventFactory(post=post)
        EventPartner.objects.create(event=event, kind=EventPartner.Kind.MAGISTRATE, name=f"Magistrat {i}")
        company = factories.CompanyFactory()
        factories.GroupingFactory().members.add(company)
        Assistance.objects.create(company=company, post=post, country=country, date=D(2026, 1, 5), kind="briefing")
        opportunity = factories.OpportunityFactory(post=post)
        services.decide(opportunity, Opportunity.Status.VALIDATED)
        services.disseminate(opportunity, central)
        # Letters of earlier heads of post, and more objectives in the sample letter
        earlier = factories.PostingFactory(post=post, role=Posting.Role.ASI, start=D(1980 + 5 * i, 9, 1))
        factories.ObjectiveFactory(letter=factories.ObjectivesLetterFactory(posting=earlier))
        factories.ObjectiveFactory(letter=SAMPLES[ObjectivesLetter](post))
        factories.LogbookEntryFactory(post=post)


ROLES = ["central", "staff_a"]


def page_queries(client, url):
    cache.clear()  # figures computed, not remembered (tests/test_summaries.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


# Queries with one related row and with many, for central staff and for post A's staff (None:
# a page the policy does not let them read).
QUERIES = {
    "cooperation:action-create": (6, 7),
    "cooperation:action-delete": (6, 6),
    "cooperation:action-detail": (11, 11),
    "cooperation:action-history": (14, 14),
    "cooperation:action-import": (4, 4),
    "cooperation:action-update": (16, 16),
    "cooperation:agreement-create": (5, 6),
    "cooperation:agreement-delete": (6, 6),
    "cooperation:agreement-detail": (8, 8),
    "cooperation:agreement-document": (5, 5),
    "cooperation:agreement-history": (9, 9),
    "cooperation:agreement-import": (4, 4),
    "cooperation:agreement-update": (11, 11),
    "cooperation:directorate-create": (4, None),
    "cooperation:directorate-delete": (6, None),
    "cooperation:directorate-detail": (6, 5),
    "cooperation:directorate-history": (6, 6),
    "cooperation:directorate-import": (4, None),
    "cooperation:directorate-update": (7, None),
    "cooperation:event-create": (4, 5),
    "cooperation:event-delete": (6, 6),
    "cooperation:event-detail": (8, 8),
    "cooperation:event-history": (9, 9),
    "cooperation:event-import": (4, 4),
    "cooperation:event-update": (10, 10),
    "cooperation:eventpartner-create": (4, 4),
    "cooperation:eventpartner-delete": (6, 6),
    "cooperation:eventpartner-detail": (6, 6),
    "cooperation:eventpartner-history": (7, 7),
    "cooperation:eventpartner-import": (4, 4),
    "cooperation:eventpartner-update": (8, 8),
    "cooperation:institution-create": (4, None),
    "cooperation:institution-delete": (6, None),
    "cooperation:institution-detail": (6, 5),
    "cooperation:institution-history": (7, 7),
    "cooperation:institution-import": (4, None),
    "cooperation:institution-update": (8, None),
    "cooperation:operationalrequest-create": (6, 7),
    "cooperation:operationalrequest-delete": (6, 6),
    "cooperation:operationalrequest-detail": (7, 7),
    "cooperation:operationalrequest-history": (10, 10),
    "cooperation:operationalrequest-import": (4, 4),
    "cooperation:operationalrequest-update": (12, 12),
    "cooperation:requestingservice-create": (4, None),
    "cooperation:requestingservice-delete": (6, None),
    "cooperation:requestingservice-detail": (6, 5),
    "cooperation:requestingservice-history": (6, 6),
    "cooperation:requestingservice-import": (4, None),
    "cooperation:requestingservice-update": (7, None),
    "cooperation:theme-create": (4, None),
    "cooperation:theme-delete": (6, None),
    "cooperation:theme-detail": (6, 5),
    "cooperation:theme-history": (6, 6),
    "cooperation:theme-import": (4, None),
    "cooperation:theme-update": (7, None),
    "deleted-record-history": (14, None),
    "deleted-records": (32, None),
    "home": (9, 17),
    "network:competence-create": (4, 5),
    "network:competence-delete": (6, 6),
    "network:competence-history": (8, 8),
    "network:competence-update": (9, 9),
    "network:country-detail": (10, 9),
    "network:country-history": (6, 6),
    "network:country-move": (5, 6),
    "network:logbookentry-create": (6, 7),
    "network:logbookentry-delete": (6, 6),
    "network:logbookentry-detail": (6, 6),
    "network:logbookentry-history": (7, 7),
    "network:logbookentry-import": (4, 4),
    "network:logbookentry-update": (10, 10),
    "network:objective-create": (5, None),
    "network:objective-delete": (6, None),
    "network:objective-history": (11, 11),
    "network:objective-update": (12, None),
    "network:objectivesletter-create": (4, None),
    "network:objectivesletter-delete": (6, None),
    "network:objectivesletter-detail": (7, 6),
    "network:objectivesletter-history": (9, 9),
    "network:objectivesletter-update": (8, None),
    "network:person-create": (5, 4),
    "network:person-delete": (6, 6),
    "network:person-detail": (11, 11),
    "network:person-history": (6, 6),
    "network:person-import": (4, 4),
    "network:person-update": (8, 7),
    "network:post-create": (4, None),
    "network:post-detail": (24, 24),
    "network:post-history": (7, 7),
    "network:post-update": (8, 8),
    "network:posting-create": (4, 5),
    "network:posting-delete": (6, 6),
    "network:posting-history": (8, 8),
    "network:posting-import": (4, 4),
    "network:posting-update": (9, 9),
    "network:poststatuschange-create": (4, 5),
    "network:poststatuschange-delete": (6, 6),
    "network:poststatuschange-history": (7, 7),
    "network:priority-create": (4, None),
    "network:priority-delete": (6, None),
    "network:priority-detail": (6, 5),
    "network:priority-history": (6, 6),
    "network:priority-import": (4, None),
    "network:priority-update": (7, None),
    "network:rotation": (10, 12),
    "network:zone-create": (4, None),
    "network:zone-delete": (6, None),
    "network:zone-detail": (6, 5),
    "network:zone-history": (6, 6),
    "network:zone-import": (4, None),
    "network:zone-update": (7, None),
    "partnerships:assistance-create": (4, 5),
    "partnerships:assistance-detail": (6, 6),
    "partnerships:assistance-history": (9, 9),
    "partnerships:assistance-import": (4, 4),
    "partnerships:assistance-update": (10, 10),
    "partnerships:company-create": (5, None),
    "partnerships:company-detail": (11, 10),
    "partnerships:company-history": (8, 8),
    "partnerships:company-import": (4, None),
    "partnerships:company-update": (9, None),
    "partnerships:contact-create": (4, None),
    "partnerships:contact-delete": (7, None),
    "partnerships:contact-detail": (6, 5),
    "partnerships:contact-history": (8, 8),
    "partnerships:contact-import": (4, None),
    "partnerships:contact-update": (9, None),
    "partnerships:delegation-create": (4, 5),
    "partnerships:delegation-delete": (6, 6),
    "partnerships:delegation-detail": (6, 6),
    "partnerships:delegation-history": (9, 9),
    "partnerships:delegation-import": (4, 4),
    "partnerships:delegation-update": (10, 10),
    "partnerships:domain-create": (4, None),
    "partnerships:domain-delete": (6, None),
    "partnerships:domain-detail": (6, 5),
    "partnerships:domain-history": (6, 6),
    "partnerships:domain-import": (4, None),
    "partnerships:domain-update": (7, None),
    "partnerships:grouping-create": (5, None),
    "partnerships:grouping-detail": (9, 8),
    "partnerships:grouping-history": (9, 9),
    "partnerships:grouping-import": (4, None),
    "partnerships:grouping-update": (10, None),
    "partnerships:opportunity-create": (5, 6),
    "partnerships:opportunity-detail": (9, 9),
    "partnerships:opportunity-history": (10, 10),
    "partnerships:opportunity-update": (11, 11),
    "partnerships:tradeshow-create": (4, None),
    "partnerships:tradeshow-detail": (8, 7),
    "partnerships:tradeshow-history": (8, 8),
    "partnerships:tradeshow-import": (4, None),
    "partnerships:tradeshow-update": (9, None),
    "user-create": (4, None),
    "user-update": (8, None),
}


@pytest.mark.parametrize(("name", "route", "view"), PAGES, ids=[url[0] for url in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_runs_a_pinned_number_of_queries(client, world, name, route, view, role):  # noqa: F811 (fixture)
    url = url_for(route, view, world)
    client.force_login(world["users"][role])
    client.get("/")  # the session's first write
    grow(world, times=1)
    status, few = page_queries(client, url)
    pinned = QUERIES[name][ROLES.index(role)]
    if status != 200:
        assert pinned is None, f"{role} gets {status}"
        return
    grow(world, times=3)
    status, many = page_queries(client, url)
    assert status == 200
    assert (few, many) == (pinned, pinned)
