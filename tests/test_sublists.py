"""Record pages at scale: what matters now in full, each growing history one page at a time
(`dcis.sublists`), in a pinned number of queries however long the history grows."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from network.models import Posting
from partnerships.models import Delegation, Dissemination, Opportunity, Recipient, TradeShow
from tests.factories import (
    AntennaFactory,
    CompanyFactory,
    CompetenceFactory,
    GroupingFactory,
    OpportunityFactory,
    PersonFactory,
    PostFactory,
    PostingFactory,
    country,
    post_staff_user,
)

D = datetime.date
PER_PAGE = 20
MANY = 25  # more than one page of each growing list


def past(year):
    """(start, actual end) of something over before today."""
    return D(year, 1, 1), D(year, 6, 30)


def coming(n):
    """(start, end) of something that starts after today, n weeks on (one week long)."""
    start = timezone.localdate() + datetime.timedelta(weeks=n + 1)
    return start, start + datetime.timedelta(days=6)


class Page:
    """A record's page, and `grow(n)` that adds n rows to each of its lists, growing or not."""

    sublists = ()

    def __init__(self):
        self.serial = itertools.count()
        self.setup()
        self.grow(1)

    def serials(self, n):
        return [next(self.serial) for _ in range(n)]


class PostPage(Page):
    sublists = ("past_postings", "past_competences", "status_changes")

    def setup(self):
        self.post = PostFactory(name="SSI Singapour", host_country=country("SG"), status=False)
        CompetenceFactory(post=self.post)
        PostingFactory(post=self.post, role=Posting.Role.ASI)
        self.url = self.post.get_absolute_url()

    def grow(self, n):
        for k in self.serials(n):
            start, end = past(1960 + k)
            CompetenceFactory(post=self.post, country=country("PH"), start=start, end=end)
            PostingFactory(post=self.post, role=Posting.Role.ASSISTANT, start=start, actual_end=end)
            self.post.status_changes.create(status="open", date=start)
            start, end = coming(k)
            CompetenceFactory(post=self.post, country=country("MY"), start=start, end=end)
            PostingFactory(post=self.post, role=Posting.Role.COOPERANT, start=start)
            PostingFactory(post=self.post, role=Posting.Role.COOPERANT)
            AntennaFactory(parent=self.post)


class PersonPage(Page):
    sublists = ("past_postings",)

    def setup(self):
        self.person = PersonFactory()
        self.posts = [PostFactory(), PostFactory()]
        PostingFactory(person=self.person, post=self.posts[0])
        self.url = self.person.get_absolute_url()

    def grow(self, n):
        for k in self.serials(n):
            start, end = past(1960 + k)
            PostingFactory(person=self.person, post=self.posts[k % 2], start=start, actual_end=end)
            start, end = coming(k)
            PostingFactory(person=self.person, post=self.posts[k % 2], start=start, planned_end=end)


class CountryPage(Page):
    sublists = ("past_competences",)

    def setup(self):
        self.post = PostFactory(host_country=country("SG"))
        CompetenceFactory(post=self.post, country=country("PH"))
        self.url = reverse("network:country-detail", args=["PH"])

    def grow(self, n):
        for k in self.serials(n):
            start, end = past(1960 + k)
            CompetenceFactory(post=self.post, country=country("PH"), start=start, end=end)
            start, end = coming(k)
            CompetenceFactory(post=self.post, country=country("PH"), start=start, end=end)
            PostFactory(host_country=country("PH"))


def disseminate(opportunity, partners, user=None):
    """A sending of the opportunity to each partner's contact, as `services.disseminate` records it."""
    dissemination = Dissemination.objects.create(opportunity=opportunity, sent_by=user)
    for partner in partners:
        field = "company" if partner._meta.model_name == "company" else "grouping"
        Recipient.objects.create(
            dissemination=dissemination,
            **{field: partner},
            contact=partner.contacts.first(),
            email=partner.contacts.first().email,
            sent_at=dissemination.sent_at,
        )
    return dissemination


class CompanyPage(Page):
    sublists = ("received",)

    def setup(self):
        self.company = CompanyFactory()
        self.url = self.company.get_absolute_url()

    def grow(self, n):
        for _ in self.serials(n):
            disseminate(OpportunityFactory(status=Opportunity.Status.DISSEMINATED), [self.company])


class OpportunityPage(Page):
    sublists = ("recipients",)

    def setup(self):
        self.opportunity = OpportunityFactory(status=Opportunity.Status.DISSEMINATED)
        self.url = self.opportunity.get_absolute_url()
        # Not reached: the equity check's gaps.
        CompanyFactory(name="Sans contact", contact=False)
        GroupingFactory(name="En sommeil", active=False)

    def grow(self, n):
        disseminate(self.opportunity, [CompanyFactory() for _ in self.serials(n)])


class GroupingPage(Page):
    sublists = ("members",)

    def setup(self):
        self.grouping = GroupingFactory()
        self.url = self.grouping.get_absolute_url()

    def grow(self, n):
        self.grouping.members.add(*[CompanyFactory() for _ in self.serials(n)])


class TradeShowPage(Page):
    sublists = ("companies", "delegations")

    def setup(self):
        self.trade_show = TradeShow.objects.create(
            name="Milipol Paris", start=D(2025, 11, 18), end=D(2025, 11, 21), city="Paris", country=country("FR")
        )
        self.post = PostFactory()
        self.url = self.trade_show.get_absolute_url()

    def grow(self, n):
        for k in self.serials(n):
            self.trade_show.companies.add(CompanyFactory())
            Delegation.objects.create(
                trade_show=self.trade_show, post=self.post, country=country("SG"), service=f"Police {k}", people=3
            )


# The queries of each page for central staff, whether its lists hold one row or many:
# the session, the user, their groups and postings (4), the record, whether they may edit it,
# then per page as commented.
QUERIES = {
    # competences now, planned, before (count, page), postings now, coming, before (count, page),
    # which of those the user may edit (2), status changes (count, page), antennas, the head's
    # objectives letter and its objectives, the cooperation panel (actions, requests, agreements, events)
    PostPage: 6 + 4 + 4 + 2 + 2 + 1 + 2 + 4,
    # postings now and coming, before (count, page), which the user may edit, may add a posting,
    # the objectives letters
    PersonPage: 6 + 1 + 2 + 1 + 1 + 1,
    # covered today, planned, before (count, page), posts hosted
    CountryPage: 6 + 1 + 1 + 2 + 1,
    # domains, contacts, groupings, opportunities received (count, page)
    CompanyPage: 6 + 3 + 2,
    # domains, disseminations, recipients (count, page), equity: last sent, companies, groupings
    OpportunityPage: 6 + 1 + 1 + 2 + 3,
    # domains, contacts, members (count, page)
    GroupingPage: 6 + 2 + 2,
    # companies present (count, page), delegations (count, page)
    TradeShowPage: 6 + 2 + 2,
}


@pytest.mark.parametrize("page_class", QUERIES, ids=lambda page_class: page_class.__name__)
def test_a_record_page_runs_the_same_queries_with_one_row_or_many(
    client, central, django_assert_num_queries, page_class
):
    page = page_class()
    client.force_login(central)
    client.get(page.url)  # the session
    with django_assert_num_queries(QUERIES[page_class]):
        response = client.get(page.url)
    for name in page.sublists:
        assert response.context[name].count == 1
    page.grow(MANY)
    with django_assert_num_queries(QUERIES[page_class]):
        response = client.get(page.url)
    for name in page.sublists:
        sublist = response.context[name]
        assert (sublist.count, len(sublist)) == (MANY + 1, PER_PAGE)
        assertContains(response, f"?{name}_page=2#{sublist.anchor}")
        assertContains(response, f'id="{sublist.anchor}"')
        assertContains(response, f"1 à {PER_PAGE} sur {MANY + 1}")


def test_a_posts_present_and_future_are_shown_in_full_its_past_one_page_at_a_time(client, central):
    page = PostPage()
    page.grow(MANY)
    client.force_login(central)
    response = client.get(page.url)
    context = response.context
    assert len(context["team"]) == 1 + MANY + 1  # the ASI first, then every cooperant
    assert context["team"][0].role == Posting.Role.ASI
    assert len(context["incoming"]) == MANY + 1
    assert len(context["competences_now"]) == 1
    assert len(context["competences_planned"]) == MANY + 1
    past_postings = context["past_postings"]
    assert [p.start.year for p in past_postings] == list(range(1960 + MANY, 1960 + MANY - PER_PAGE, -1))
    assert all(p.ends < timezone.localdate() for p in past_postings)
    # Central staff may edit every row shown, and only rows shown are asked about.
    shown = {p.pk for p in (*context["team"], *context["incoming"], *past_postings)}
    assert context["editable_postings"] == shown
    # Everyone who served here, in the list of people.
    see_all = f"{reverse('network:person-list')}?post={page.post.pk}"
    assertContains(response, f'href="{see_all}"')
    listed = client.get(see_all).context["paginator"].count
    assert listed == page.post.postings.values("person").distinct().count()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2", 2),
        ("abc", 1),  # not a number: the first page
        ("0", 1),
        ("-3", 1),
        ("2.5", 1),
        ("999", 2),  # past the end: the last page
        ("9" * 5000, 1),  # too long to be a number
        ("", 1),
    ],
)
def test_a_bad_page_number_shows_the_first_or_the_last_page(client, central, value, shown):
    page = PostPage()
    page.grow(MANY)
    client.force_login(central)
    response = client.get(page.url, {"past_postings_page": value})
    assert response.status_code == 200
    assert response.context["past_postings"].page.number == shown
    assert len(response.context["past_postings"]) == (PER_PAGE if shown == 1 else MANY + 1 - PER_PAGE)


def test_each_list_pages_on_its_own_and_keeps_the_others_page(client, central):
    page = PostPage()
    page.grow(MANY)
    client.force_login(central)
    response = client.get(page.url, {"status_changes_page": "2", "past_postings_page": "2"})
    context = response.context
    assert (context["status_changes"].page.number, context["past_postings"].page.number) == (2, 2)
    assert context["past_competences"].page.number == 1
    # Back to the first page of past postings keeps the status changes at their second page.
    assertContains(response, "?status_changes_page=2&amp;past_postings_page=1#past-postings")
    assertContains(response, "?status_changes_page=2&amp;past_postings_page=2&amp;past_competences_page=2")
    assertContains(response, f"{PER_PAGE + 1} à {MANY + 1} sur {MANY + 1}")
    # The last page has no next page.
    assertContains(
        response,
        'class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" title="Page suivante"'
        ' aria-disabled="true"',
    )


def test_a_short_history_has_no_pagination(client, central):
    page = PostPage()
    client.force_login(central)
    response = client.get(page.url)
    assertNotContains(response, "past_postings_page")
    assertNotContains(response, "fr-pagination")
    assertContains(response, "1 au total")


def test_a_persons_past_postings_are_paginated(client, central):
    page = PersonPage()
    page.grow(MANY)
    client.force_login(central)
    response = client.get(page.url, {"past_postings_page": "2"})
    assert len(response.context["current_postings"]) == 1 + MANY + 1
    past_postings = response.context["past_postings"]
    assert [p.start.year for p in past_postings] == list(range(1960 + MANY - PER_PAGE, 1959, -1))


def test_a_countrys_coverage_before_is_paginated(client, central):
    page = CountryPage()
    page.grow(MANY)
    client.force_login(central)
    response = client.get(page.url, {"past_competences_page": "2"})
    assert response.context["current"].start == D(2015, 1, 1)
    assert len(response.context["competences_planned"]) == MANY + 1
    assert [c.start.year for c in response.context["past_competences"]] == list(
        range(1960 + MANY - PER_PAGE, 1959, -1)
    )


def test_a_groupings_members_link_to_the_list_of_companies(client, central):
    page = GroupingPage()
    page.grow(MANY)
    client.force_login(central)
    response = client.get(page.url)
    see_all = f"{reverse('partnerships:company-list')}?grouping={page.grouping.pk}"
    assertContains(response, f'href="{see_all}"')
    assert client.get(see_all).context["paginator"].count == MANY + 1


def test_post_staff_see_only_what_their_post_received(client, db):
    """The company's page lists opportunities the user may see (need-to-know), counted the same way."""
    page = CompanyPage()
    post = PostFactory()
    own = OpportunityFactory(post=post, status=Opportunity.Status.DISSEMINATED, title="De notre poste")
    disseminate(own, [page.company])
    client.force_login(post_staff_user(post))
    received = client.get(page.url).context["received"]
    assert received.count == 1
    assert [r.dissemination.opportunity for r in received] == [own]


def test_an_opportunitys_recipients_are_paginated_and_the_equity_check_kept(client, central):
    page = OpportunityPage()
    page.grow(MANY)
    grouping = GroupingFactory(name="Groupement des industries de sécurité")
    disseminate(page.opportunity, [grouping])
    client.force_login(central)
    response = client.get(page.url, {"recipients_page": "2"})
    context = response.context
    assert [d.recipient_count for d in context["disseminations"]] == [1, MANY, 1]
    assert len(context["recipients"]) == MANY + 2 - PER_PAGE
    assertContains(response, f'<a href="{grouping.get_absolute_url()}">{grouping.name}</a>')
    gaps = {gap.partner.name: str(gap.reason) for gap in context["equity"]}
    assert gaps == {"Sans contact": "aucun contact ne reçoit les opportunités", "En sommeil": "inactive"}
