"""The filters and orderings of the large lists are served by indexes (PostgreSQL's plans).

The tables here are tiny, so the planner is told to avoid sequential scans: the test asks
whether an index *can* serve each query, and names the one it should be.
"""

import datetime
import re

import pytest
from django.db import connection

from cooperation.models import Action, OperationalRequest
from network.models import Post, Posting
from partnerships.models import Recipient

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")

TODAY = datetime.date(2026, 11, 23)


def plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        # Every request's access check and the vacancies: current postings.
        (lambda: Posting.objects.current(TODAY), "posting_ends_on"),
        (lambda: Posting.objects.current(TODAY).filter(post_id=1), "posting_post_ends_on"),
        (lambda: Posting.objects.current_or_coming(TODAY).filter(person_id=1), "posting_person_ends_on"),
        # The rotation: who leaves this summer.
        (
            lambda: Posting.objects.filter(ends_on__range=(datetime.date(2026, 6, 1), datetime.date(2026, 9, 30))),
            "posting_ends_on",
        ),
        # A year's actions, the network's and a post's; the list's default order.
        (lambda: Action.objects.in_year(2025), "action_ordering"),
        (lambda: Action.objects.order_by("-starts_on", "title")[:25], "action_ordering"),
        (lambda: Action.objects.in_year(2025).order_by("-starts_on", "title")[:25], "action_ordering"),
        # A year's requests.
        (lambda: OperationalRequest.objects.filter(received_on__year=2025), "request_received_on"),
        (lambda: OperationalRequest.objects.filter(post_id=1, received_on__year=2025), "request_post_received_on"),
        (lambda: OperationalRequest.objects.open().order_by("received_on")[:10], "request_open"),
        # A post's status on a date.
        (
            lambda: Post.objects.with_status(TODAY).filter(pk=1),
            "post_status_one_change_a_day",
        ),
        # The recipients' changelist, in its order.
        (lambda: Recipient.objects.order_by("sent_at", "email")[:100], "recipient_ordering"),
        # The deleted records' page: the newest deletions of each history table.
        (
            lambda: Action.history.filter(history_type="-").order_by("-history_date")[:50],
            "cooperation_historicalaction_deletions",
        ),
    ],
    ids=[
        "current postings",
        "a post's current postings",
        "a person's current or coming postings",
        "the rotation's leavers",
        "a year's actions",
        "the actions' order",
        "a page of a year's actions",
        "a year's requests",
        "a post's requests in a year",
        "the oldest open requests",
        "a post's status",
        "the recipients' order",
        "the newest deletions",
    ],
)
def test_an_index_serves_the_query(db, queryset, index):
    explained = plan(queryset())
    scans = "Index Scan|Index Scan Backward|Index Only Scan|Bitmap Index Scan"
    assert re.search(rf"({scans}) (using|on) \"?{index}\"? ", explained), explained


def test_every_history_table_has_its_deletions_index(db):
    from dcis.views import history_tracked_models

    for model in history_tracked_models():
        table = model.history.model._meta.db_table
        queryset = model.history.filter(history_type="-").order_by("-history_date")[:50]
        assert f"{table}_deletions" in plan(queryset)


def test_a_posts_actions_in_a_year_are_read_from_its_own_index(db):
    """Two indexes could serve it: on tables this small the planner needs their statistics to
    choose the post's, which reads only that post's entries."""
    from tests import factories

    posts = [factories.PostFactory(host_country=factories.country(code)) for code in ("TH", "ES", "PE", "CL")]
    for i in range(400):
        start = datetime.date(2020 + i % 6, 1 + i % 12, 1)
        factories.ActionFactory(post=posts[i % 4], planned_start=start, planned_end=start, countries=[], themes=[])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperation_action")
    explained = plan(Action.objects.in_year(2025).filter(post=posts[0]).order_by())
    assert "action_post_starts_on" in explained, explained
