"""The home page: post staff see their post first ("Mon poste"), central staff the network."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import PersonFactory, PostingFactory


def staff(post, last_name, months_left):
    today = timezone.localdate()
    return PostingFactory(
        post=post,
        person=PersonFactory(last_name=last_name),
        planned_end=today + datetime.timedelta(days=30 * months_left),
    )


def test_post_staff_see_their_team_and_whose_posting_ends_within_six_months(client, attache, post, other_post):
    staff(post, "PARTANT", months_left=3)
    staff(post, "RESTANT", months_left=24)
    staff(other_post, "AILLEURS", months_left=3)
    client.force_login(attache)
    response = client.get(reverse("home"))
    assertContains(response, "<h1>Mon poste</h1>", html=True)
    team = [posting.person.last_name for posting in response.context["my_post"]["team"]]
    assert sorted(team) == sorted(["PARTANT", "RESTANT", attache.person.last_name])
    assert [posting.person.last_name for posting in response.context["my_post"]["ending"]] == ["PARTANT"]
    assertNotContains(response, "AILLEURS")
    # The network's figures follow, under their own heading.
    assertContains(response, '<h2 class="fr-mt-6w">Le réseau aujourd’hui</h2>', html=True)


def test_central_staff_see_the_network_first(client, central, post):
    staff(post, "PARTANT", months_left=3)
    client.force_login(central)
    response = client.get(reverse("home"))
    assert response.context["my_post"] is None
    assertContains(response, "<h1>Le réseau aujourd’hui</h1>", html=True)
    assertNotContains(response, "Mon poste")


# Session, user, groups, access, then the page's own: the same with one posting or many. The
# network's figures are computed (tests/test_summaries.py for when they are remembered).
HOME_QUERIES = {"post staff": 13, "central": 12}


def test_the_home_page_runs_a_pinned_number_of_queries(client, attache, central, post, django_assert_num_queries):
    users = {"post staff": attache, "central": central}
    for extra in (0, 5):
        for months in range(extra):
            staff(post, f"AGENT{extra}{months}", months_left=months + 1)
        for role, user in users.items():
            client.force_login(user)
            cache.clear()
            with django_assert_num_queries(HOME_QUERIES[role]):
                response = client.get(reverse("home"))
            my_post = response.context["my_post"]
            if role == "post staff":
                assert len(my_post["team"]) == 1 + extra
            else:
                assert my_post is None
