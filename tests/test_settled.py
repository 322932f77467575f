"""Settled records — past, or in a final state — are changed by central staff only.

Post staff read them, are offered no edit or delete link, get a 403 on the pages,
and a forged POST changes nothing; central staff still correct them.
"""

import datetime

import pytest
from django.urls import reverse

from cooperation.models import OperationalRequest
from network.models import Competence, PostStatusChange
from partnerships.models import Assistance, Opportunity
from tests.factories import CompanyFactory, CompetenceFactory, OperationalRequestFactory, OpportunityFactory, country

TODAY = datetime.date.today


def last_year(month=6, day=1):
    return datetime.date(TODAY().year - 1, month, day)


def assistance(post, closed):
    return Assistance.objects.create(
        company=CompanyFactory(),
        post=post,
        country=post.host_country,
        date=last_year(),
        kind="briefing",
        closed=closed,
    )


SETTLED = {
    "closed opportunity": lambda post: OpportunityFactory(post=post, status=Opportunity.Status.CLOSED),
    "rejected opportunity": lambda post: OpportunityFactory(post=post, status=Opportunity.Status.REJECTED),
    "request answered last year": lambda post: OperationalRequestFactory(
        post=post, received_on=last_year(), answered_on=last_year(7), outcome="repondu"
    ),
    "closed assistance": lambda post: assistance(post, closed=True),
    "past competence": lambda post: CompetenceFactory(
        post=post, country=country("LA"), start=datetime.date(2010, 1, 1), end=datetime.date(2012, 12, 31)
    ),
}

NOT_SETTLED = {
    "validated opportunity": lambda post: OpportunityFactory(post=post, status=Opportunity.Status.VALIDATED),
    "request answered this year": lambda post: OperationalRequestFactory(
        post=post, received_on=TODAY(), answered_on=TODAY(), outcome="repondu"
    ),
    "open assistance": lambda post: assistance(post, closed=False),
    "current competence": lambda post: CompetenceFactory(
        post=post, country=country("LA"), start=datetime.date(2010, 1, 1)
    ),
}


def edit_url(record):
    return reverse(f"{record._meta.app_label}:{record._meta.model_name}-update", args=[record.pk])


@pytest.mark.parametrize("make", SETTLED.values(), ids=SETTLED.keys())
def test_post_staff_do_not_change_a_settled_record(client, attache, central, post, make):
    record = make(post)
    history = record.history.count()
    client.force_login(attache)
    assert client.get(edit_url(record)).status_code == 403
    assert client.post(edit_url(record), {"post": post.pk}).status_code == 403
    assert record.history.count() == history
    assert not type(record).objects.editable_by(attache).filter(pk=record.pk).exists()
    page = client.get(record.get_absolute_url())
    assert page.status_code == 200
    if not isinstance(record, Competence):  # a competence shows on its post's page
        assert page.context["can_edit"] is False
    client.force_login(central)
    assert client.get(edit_url(record)).status_code == 200


@pytest.mark.parametrize("make", NOT_SETTLED.values(), ids=NOT_SETTLED.keys())
def test_post_staff_change_their_records_until_settled(client, attache, post, make):
    record = make(post)
    client.force_login(attache)
    assert client.get(edit_url(record)).status_code == 200


def test_post_staff_may_close_their_assistance_and_then_no_longer_change_it(client, attache, post):
    record = assistance(post, closed=False)
    client.force_login(attache)
    form = client.get(edit_url(record)).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    response = client.post(edit_url(record), {**data, "closed": "on"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.closed
    assert client.get(edit_url(record)).status_code == 403


def test_post_staff_do_not_delete_their_posts_past_status_changes(client, attache, central, post):
    past = post.status_changes.get()  # open since 2015
    scheduled = PostStatusChange.objects.create(post=post, status="suspended", date=TODAY() + datetime.timedelta(10))
    client.force_login(attache)
    assert client.post(reverse("network:poststatuschange-delete", args=[past.pk])).status_code == 403
    assert PostStatusChange.objects.filter(pk=past.pk).exists()
    assert client.post(reverse("network:poststatuschange-delete", args=[scheduled.pk])).status_code == 302
    assert not PostStatusChange.objects.filter(pk=scheduled.pk).exists()
    client.force_login(central)
    assert client.post(reverse("network:poststatuschange-delete", args=[past.pk])).status_code == 302


def test_the_post_page_offers_to_edit_only_the_competences_still_running(client, attache, post):
    running = CompetenceFactory(post=post, country=country("LA"), start=datetime.date(2010, 1, 1))
    CompetenceFactory(post=post, country=country("KH"), start=datetime.date(2010, 1, 1), end=datetime.date(2011, 1, 1))
    client.force_login(attache)
    assert client.get(post.get_absolute_url()).context["editable_competences"] == {running.pk}


def test_requests_settle_on_the_first_of_january(db):
    first_of_year = TODAY().replace(month=1, day=1)
    answered = OperationalRequestFactory(
        received_on=first_of_year - datetime.timedelta(days=5),
        answered_on=first_of_year - datetime.timedelta(days=1),
        outcome="repondu",
    )
    answered_now = OperationalRequestFactory(
        post=answered.post,
        received_on=first_of_year - datetime.timedelta(days=5),
        answered_on=first_of_year,
        outcome="repondu",
    )
    assert list(OperationalRequest.objects.not_settled()) == [answered_now]
