"""Need-to-know records — operational requests and market opportunities: central staff
and the staff of their post open them; read-only users and other posts count them."""

import datetime

from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.models import OperationalRequest
from partnerships.models import Opportunity
from tests.factories import OperationalRequestFactory, OpportunityFactory, post_staff_user

D = datetime.date


def test_read_only_users_count_requests_but_do_not_open_them(client, read_only, post):
    answered = OperationalRequestFactory(
        post=post, reference="2026/SECRET", received_on=D(2026, 1, 5), answered_on=D(2026, 1, 9), outcome="repondu"
    )
    OperationalRequestFactory(post=post, reference="2026/OUVERTE", received_on=D(2026, 1, 6))
    client.force_login(read_only)
    assert client.get(answered.get_absolute_url()).status_code == 404
    assert client.get(reverse("cooperation:operationalrequest-history", args=[answered.pk])).status_code == 404
    response = client.get(reverse("cooperation:operationalrequest-list"))
    assert list(response.context["object_list"]) == []
    assert response.context["totals"] == {"count": 2, "open": 1}
    assert response.context["medians"]["post"] == [("SSI Bangkok", 4, 1)]
    assert list(response.context["oldest_open"]) == []
    assertNotContains(response, "2026/SECRET")
    assertNotContains(response, "2026/OUVERTE")
    assert response.context["need_to_know"] is True
    # The post's page counts them, year by year.
    panel = next(panel for panel in client.get(post.get_absolute_url()).context["panels"] if "years" in panel)
    assert dict(panel["years"])[2026]["requests"]["n"] == 2
    assertNotContains(client.get(post.get_absolute_url()), "2026/SECRET")


def test_list_filters_apply_to_the_figures_a_user_counts(client, read_only, post, other_post):
    OperationalRequestFactory(post=post)
    OperationalRequestFactory(post=other_post)
    client.force_login(read_only)
    response = client.get(reverse("cooperation:operationalrequest-list"), {"post": other_post.pk})
    assert response.context["totals"]["count"] == 1
    response = client.get(reverse("cooperation:operationalrequest-list"), {"post": "not a post"})
    assert response.context["totals"]["count"] == 0


def test_other_posts_count_requests_they_may_not_open(client, post, other_post):
    own = OperationalRequestFactory(post=other_post, reference="2026/MADRID")
    OperationalRequestFactory(post=post, reference="2026/BANGKOK")
    staff = post_staff_user(other_post, username="asi.madrid")
    client.force_login(staff)
    response = client.get(reverse("cooperation:operationalrequest-list"))
    assert list(response.context["object_list"]) == [own]
    assert response.context["totals"]["count"] == 2
    assertContains(response, "2026/MADRID")
    assertNotContains(response, "2026/BANGKOK")


def test_central_staff_open_every_request(client, central, post):
    request_ = OperationalRequestFactory(post=post)
    client.force_login(central)
    assert client.get(request_.get_absolute_url()).status_code == 200
    response = client.get(reverse("cooperation:operationalrequest-list"))
    assert list(response.context["object_list"]) == [request_]
    assert response.context["need_to_know"] is False


def test_read_only_users_do_not_open_opportunities(client, read_only, central, post):
    opportunity = OpportunityFactory(post=post, title="Drones pour la gendarmerie")
    client.force_login(read_only)
    assert client.get(opportunity.get_absolute_url()).status_code == 404
    response = client.get(reverse("partnerships:opportunity-list"))
    assert list(response.context["object_list"]) == []
    assertNotContains(response, "Drones pour la gendarmerie")
    assert not Opportunity.objects.visible_to(read_only).exists()
    assert Opportunity.objects.counted_by(read_only).count() == 1
    client.force_login(central)
    assert client.get(opportunity.get_absolute_url()).status_code == 200


def test_a_user_without_a_role_counts_nothing(no_role, post):
    OperationalRequestFactory(post=post)
    assert not OperationalRequest.objects.counted_by(no_role).exists()
    assert not OperationalRequest.objects.counted_by(None).exists()
