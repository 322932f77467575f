"""Median response times, computed by the database (`dcis.aggregates.Median`) in grouped queries,
give the figures Python's `statistics.median` gives over every answered request."""

import datetime
import random
import statistics
from collections import defaultdict

import pytest
from django.core.cache import cache
from django.db.models import F
from django.db.models.functions import ExtractYear
from django.urls import reverse

from cooperation.models import OperationalRequest
from cooperation.views import response_times
from tests.factories import OperationalRequestFactory, PostFactory, country, requesting_service

D = datetime.date


def answered(post, days, received=None, service="OFAST"):
    received = received or D(2025, 3, 1)
    return OperationalRequestFactory(
        post=post,
        service=requesting_service(service),
        received_on=received,
        answered_on=received + datetime.timedelta(days=days),
        outcome="repondu",
    )


def python_response_times(requests):
    """The figures as computed before the database did: every answered request loaded, grouped here."""
    groups = {"post": defaultdict(list), "service": defaultdict(list), "year": defaultdict(list)}
    for request in requests.filter(answered_on__isnull=False).select_related("post", "service"):
        days = (request.answered_on - request.received_on).days
        groups["post"][request.post.name].append(days)
        groups["service"][request.service.acronym].append(days)
        groups["year"][request.received_on.year].append(days)
    return {
        name: sorted((key, statistics.median(values), len(values)) for key, values in group.items())
        for name, group in groups.items()
    }


@pytest.fixture
def posts(db):
    return [PostFactory(name=f"SSI {name}", host_country=country("SG")) for name in ("A", "B", "C", "D")]


def test_the_median_of_odd_and_even_counts_and_of_one_value(posts):
    a, b, c, d = posts
    for days in (3, 10, 1):  # odd: the middle value
        answered(a, days)
    for days in (2, 5):  # even: the mean of the middle two
        answered(b, days)
    answered(c, 7)  # one value
    OperationalRequestFactory(post=c)  # awaiting an answer: no response time
    OperationalRequestFactory(post=d)  # none answered: no median
    by_post = {
        row["name"]: (row["median"], row["answered"], row["open"])
        for row in OperationalRequest.objects.median_response_days(name=F("post__name"))
    }
    assert by_post == {"SSI A": (3, 3, 0), "SSI B": (3.5, 2, 0), "SSI C": (7, 1, 1), "SSI D": (None, 0, 1)}
    assert statistics.median([3, 10, 1]) == 3 and statistics.median([2, 5]) == 3.5


def test_response_times_give_the_figures_python_gives(posts):
    rng = random.Random(10)
    services = ["OFAST", "OCLTEH", "OCLAESP"]
    for i in range(60):
        received = D(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
        answered(posts[i % 3], rng.randint(0, 90), received, rng.choice(services))
    answered(posts[3], 12, D(2022, 5, 1), "OLTIM")  # a group of one in each grouping
    for days in (2, 5):  # an even count whose median falls between two days
        answered(posts[0], days, D(2023, 6, 1), "SCCOPOL")
    for post in posts:
        OperationalRequestFactory(post=post)  # open ones count for nothing
    requests = OperationalRequest.objects.all()
    figures = response_times(requests)
    assert figures == python_response_times(requests)
    assert [key for key, _, _ in figures["year"]] == [2022, 2023, 2024, 2025]
    assert ("SCCOPOL", 3.5, 2) in figures["service"]
    # The same on a filtered set.
    in_2024 = requests.filter(received_on__year=2024)
    assert response_times(in_2024) == python_response_times(in_2024)


def test_no_answered_request_gives_no_figures(posts):
    OperationalRequestFactory(post=posts[0])
    assert response_times(OperationalRequest.objects.all()) == {"post": [], "service": [], "year": []}


def test_response_days_are_whole_days_across_months_and_years(posts):
    answered(posts[0], 45, D(2024, 12, 20))  # across a year's end, and 29 February is not in it
    answered(posts[0], 366, D(2024, 1, 1))  # over a leap year
    days = sorted(OperationalRequest.objects.with_response_days().values_list("response_days", flat=True))
    assert days == [45, 366]
    by_year = OperationalRequest.objects.median_response_days(year=ExtractYear("received_on"))
    assert [(row["year"], row["median"]) for row in by_year] == [(2024, 205.5)]


# The requests list: its figures in a pinned number of queries, one request or many.
# The session, the user, their groups and postings (4), the list preference, the count and
# the page (2), the filter form's selects (zone, theme, service; the post and country filters
# are searchable selects, which list nothing when nothing is chosen), the totals, the medians
# (3), each after the number of the requests' last change (2: tests/test_summaries.py), the
# oldest open, and the last change of what the filters offer (tests/test_summaries.py).
REQUEST_LIST_QUERIES = 4 + 1 + 2 + 3 + 1 + 3 + 2 + 1 + 1


def test_the_request_list_runs_a_pinned_number_of_queries(client, central, posts, django_assert_num_queries):
    url = reverse("cooperation:operationalrequest-list")
    answered(posts[0], 3)
    OperationalRequestFactory(post=posts[1])
    client.force_login(central)
    client.get(url)  # the session
    cache.clear()
    with django_assert_num_queries(REQUEST_LIST_QUERIES):
        one = client.get(url).context["medians"]
    assert one["post"] == [("SSI A", 3, 1)]
    for i in range(40):
        answered(posts[i % 4], i, D(2020 + i % 6, 1, 1), ["OFAST", "OCLTEH"][i % 2])
    cache.clear()
    with django_assert_num_queries(REQUEST_LIST_QUERIES):
        many = client.get(url).context["medians"]
    assert many == python_response_times(OperationalRequest.objects.all())
