"""A list's figures are computed once per state of its records, and never outlive it."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.models import Action
from dcis.summaries import last_change
from tests import factories

D = datetime.date


def figures(client, url, name="totals"):
    """The page's figures, and whether it computed them rather than remembered them."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    computed = any('AS "count"' in query["sql"] for query in queries)  # the totals' count, not the paginator's
    return response.context[name], computed


def test_the_totals_are_computed_once_then_after_each_change(client, central, post):
    action = factories.ActionFactory(post=post, planned_cost=Decimal("1000.00"))
    client.force_login(central)
    url = reverse("cooperation:action-list")
    client.get(url)
    totals, computed = figures(client, url)
    assert (totals["count"], totals["planned_cost"], computed) == (1, Decimal("1000.00"), False)
    assert figures(client, url + "?sort=title") == (totals, False)  # sorted: the same rows
    # A change through any path that writes history: a save, a new record, a deletion.
    action.planned_cost = Decimal("2500.00")
    action.save()
    assert figures(client, url) == ({**totals, "planned_cost": Decimal("2500.00")}, True)
    factories.ActionFactory(post=post, planned_cost=Decimal("10.00"))
    totals, computed = figures(client, url)
    assert (totals["count"], totals["planned_cost"], computed) == (2, Decimal("2510.00"), True)
    action.delete()
    totals, computed = figures(client, url)
    assert (totals["count"], totals["planned_cost"], computed) == (1, Decimal("10.00"), True)


def test_each_filter_and_each_user_has_its_own_figures(client, central, post, other_post):
    factories.ActionFactory(post=post, planned_start=D(2025, 3, 1), planned_end=D(2025, 3, 2))
    factories.ActionFactory(post=other_post, planned_start=D(2026, 3, 1), planned_end=D(2026, 3, 2))
    factories.ActionFactory(post=other_post, planned_start=D(2026, 5, 1), planned_end=D(2026, 5, 2))
    url = reverse("cooperation:action-list")
    client.force_login(central)
    assert figures(client, url)[0]["count"] == 3
    assert figures(client, url + "?year=2026")[0]["count"] == 2
    assert figures(client, url + "?year=2025")[0]["count"] == 1
    staff = factories.post_staff_user(post, username="asi")
    client.force_login(staff)
    assert figures(client, url)[0]["count"] == Action.objects.visible_to(staff).count()
    assert figures(client, url + "?year=2026")[0]["count"] == Action.objects.visible_to(staff).in_year(2026).count()


def test_request_figures_follow_an_answer(client, central, post):
    request = factories.OperationalRequestFactory(post=post, received_on=D(2026, 1, 5))
    client.force_login(central)
    url = reverse("cooperation:operationalrequest-list")
    assert figures(client, url)[0] == {"count": 1, "open": 1}
    assert figures(client, url) == ({"count": 1, "open": 1}, False)
    request.answered_on, request.outcome = D(2026, 1, 15), "repondu"
    request.save()
    assert figures(client, url)[0] == {"count": 1, "open": 0}
    assert figures(client, url, "medians")[0]["post"] == [("SSI Bangkok", 10, 1)]


def test_the_last_change_grows_with_every_write(post):
    before = last_change(Action)
    action = factories.ActionFactory(post=post)
    created = last_change(Action)
    action.delete()
    assert (before or 0) < created < last_change(Action)


COUNTRIES = "TH ES PE CL AR BR MX CO DE IT PT BE NL PL RO GR TR EG MA TN SN CI KE ZA IN JP KR VN".split()


def test_a_long_median_table_shows_its_longest_lines(client, central):
    from cooperation.views import MEDIAN_LINES

    for i in range(MEDIAN_LINES + 5):
        post = factories.PostFactory(name=f"SSI {i:02}", host_country=factories.country(COUNTRIES[i]))
        factories.OperationalRequestFactory(
            post=post,
            received_on=D(2026, 1, 1),
            answered_on=D(2026, 1, 1) + datetime.timedelta(days=i),
            outcome="repondu",
        )
    client.force_login(central)
    response = client.get(reverse("cooperation:operationalrequest-list"))
    by_post = response.context["medians"]["post"]
    assert [name for name, _median, _count in by_post] == [f"SSI {i:02}" for i in range(MEDIAN_LINES + 4, 4, -1)]
    assert f"Les {MEDIAN_LINES} délais médians les plus longs sur {MEDIAN_LINES + 5}" in response.content.decode()


def test_the_network_figures_follow_a_new_posting_and_a_status_change(client, central, post):
    from network.models import Post, Posting

    client.force_login(central)
    url = reverse("home")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        before = client.get(url).context
    assert not any("COUNT(" in query["sql"] for query in queries)  # remembered
    staff = before["staff_abroad"]
    factories.PostingFactory(post=post, role=Posting.Role.ASSISTANT)
    assert client.get(url).context["staff_abroad"] == staff + 1
    open_posts = client.get(url).context["open_posts"]
    post.status_changes.create(status=Post.Status.SUSPENDED, date=datetime.date.today())
    assert client.get(url).context["open_posts"] == open_posts - 1


def test_a_list_s_filters_are_drawn_once_then_follow_their_choices(client, central):
    from cooperation.models import Theme

    client.force_login(central)
    url = reverse("cooperation:action-list")
    theme = Theme.objects.order_by("name").first()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": "2026"})
    assert any('FROM "cooperation_theme"' in query["sql"] for query in queries)  # filters not seen yet: drawn
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, {"year": "2026", "page": "1", "sort": "title"})
    assert not any('FROM "cooperation_theme"' in query["sql"] for query in queries)  # the same filters: kept
    assert again.content.count(theme.name.encode()) == response.content.count(theme.name.encode())
    # A theme renamed: its new name is offered at once.
    theme.name = "Thème renommé"
    theme.save()
    assert "Thème renommé" in client.get(url, {"year": "2026"}).content.decode()
    # Each user their own drawing (a searchable select shows what that user may see).
    other = factories.central_user(username="autre")
    client.force_login(other)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"year": "2026"})
    assert any('FROM "cooperation_theme"' in query["sql"] for query in queries)
