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
    assert "<title>\n      Mon poste —" in response.content.decode()
    team = [posting.person.last_name for posting in response.context["my_post"]["team"]]
    assert sorted(team) == sorted(["PARTANT", "RESTANT", attache.person.last_name])
    assert [posting.person.last_name for posting in response.context["my_post"]["ending"]] == ["PARTANT"]
    assertNotContains(response, "AILLEURS")
    # The network's figures follow, under their own heading.
    assertContains(response, '<h2 class="fr-mt-6w">Le réseau aujourd’hui</h2>', html=True)


def test_post_staff_see_what_is_due_and_what_changed_at_their_post(client, attache, post, other_post):
    from partnerships import services
    from partnerships.models import Opportunity
    from tests import factories

    today = timezone.localdate()
    factories.OperationalRequestFactory(
        post=post, reference="2026/VIEILLE", received_on=today - datetime.timedelta(days=40)
    )
    factories.OperationalRequestFactory(
        post=post, reference="2026/RECENTE", received_on=today - datetime.timedelta(days=2)
    )
    factories.OperationalRequestFactory(
        post=post,
        reference="2026/REPONDUE",
        received_on=today - datetime.timedelta(days=9),
        answered_on=today,
        outcome="repondu",
    )
    factories.OperationalRequestFactory(post=other_post, reference="2026/AILLEURS")
    soon = factories.OpportunityFactory(post=post, title="Radars", deadline=today + datetime.timedelta(days=10))
    factories.OpportunityFactory(post=post, title="Caméras", deadline=today + datetime.timedelta(days=40))
    rejected = factories.OpportunityFactory(post=post, title="Drones", deadline=today + datetime.timedelta(days=5))
    services.decide(rejected, Opportunity.Status.REJECTED, "hors sujet")
    factories.OpportunityFactory(post=other_post, title="Sonars", deadline=today + datetime.timedelta(days=5))
    factories.CompetenceFactory(post=post)
    action = factories.ActionFactory(post=post, title="Formation cyber")
    client.force_login(attache)
    response = client.get(reverse("home"))
    panels = {panel["template"]: panel for panel in response.context["my_post"]["panels"]}
    cooperation = panels["cooperation/_my_post.html"]
    assert [request.reference for request in cooperation["open_requests"]] == ["2026/VIEILLE", "2026/RECENTE"]
    assert cooperation["open_request_count"] == 2
    recent = [(kind, record.pk) for change, record, kind in cooperation["recent_changes"]]
    assert recent[0] == ("action de coopération technique", action.pk)
    assert len(recent) == len(set(recent)) == 4  # each record once, the latest first
    opportunities = panels["partnerships/_my_post.html"]["coming_deadlines"]
    assert [opportunity.title for opportunity in opportunities] == ["Radars", "Caméras"]
    assert opportunities[0] == soon
    assertContains(response, "Demandes en attente de réponse")
    assertContains(response, "il y a 40 jours")
    assertContains(response, "Opportunités dont l’échéance approche")
    assertContains(response, "Formation cyber")
    # The count leads to the post's own requests awaiting an answer, not the network's.
    assertContains(response, f"?open=True&amp;post={post.pk}")
    for elsewhere in ("2026/AILLEURS", "Sonars", "Drones"):
        assertNotContains(response, elsewhere)


def test_central_staff_see_the_network_first(client, central, post):
    staff(post, "PARTANT", months_left=3)
    client.force_login(central)
    response = client.get(reverse("home"))
    assert response.context["my_post"] is None
    assertContains(response, "<h1>Le réseau aujourd’hui</h1>", html=True)
    assertNotContains(response, "Mon poste")


# Session, user, groups, access, then the page's own: the same with one posting, request or
# recent change or many. The
# network's figures are computed (tests/test_summaries.py for when they are remembered).
HOME_QUERIES = {"post staff": 20, "central": 12}  # post staff: "my post" adds 7


def test_the_home_page_runs_a_pinned_number_of_queries(client, attache, central, post, django_assert_num_queries):
    from tests.factories import OperationalRequestFactory, OpportunityFactory

    users = {"post staff": attache, "central": central}
    for extra in (0, 5):
        for months in range(extra):
            staff(post, f"AGENT{extra}{months}", months_left=months + 1)
            OperationalRequestFactory(post=post, reference=f"2026/{extra}{months}")
            OpportunityFactory(post=post, deadline=timezone.localdate() + datetime.timedelta(days=months + 1))
        for role, user in users.items():
            client.force_login(user)
            cache.clear()
            with django_assert_num_queries(HOME_QUERIES[role]):
                response = client.get(reverse("home"))
            my_post = response.context["my_post"]
            if role == "post staff":
                assert len(my_post["team"]) == 1 + extra
                cooperation = next(panel for panel in my_post["panels"] if "open_requests" in panel)
                assert len(cooperation["recent_changes"]) == min(extra, 5)
                deadlines = next(panel for panel in my_post["panels"] if "coming_deadlines" in panel)
                assert len(deadlines["coming_deadlines"]) == min(extra, 5)
            else:
                assert my_post is None
