"""The rotation page: who leaves, who arrives, which posts fall vacant, whose tour ends next year —
filtered by zone, post and role, a page at a time per section, exported as filtered."""

import csv
import datetime
import io

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from dcis.models import ExportRecord
from network.models import Posting, Zone, next_rotation_year
from network.views import RotationSection
from tests.factories import AntennaFactory, PostFactory, PostingFactory, country, post_staff_user

D = datetime.date
# A rotation far enough ahead that the postings which give post staff their access today
# (started last September, four years long) are in none of its sections.
YEAR = timezone.localdate().year + 10
SECTIONS = ("leaving", "arriving", "vacant", "ending_next_year")


def rotation_url(year=YEAR, **query):
    """The page's URL, with the query string a browser would send (a list: a parameter repeated)."""
    data = QueryDict(mutable=True)
    for name, value in query.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return f"{reverse('network:rotation', args=[year])}?{data.urlencode()}"


def post_names(context):
    """The posts each section shows on its page: postings' posts, or the vacant posts themselves."""
    shown = {}
    for name in SECTIONS:
        rows = list(context[name])
        shown[name] = sorted(row.name if name == "vacant" else row.post.name for row in rows)
    return shown


def in_each_section(names):
    """The same posts in every section (a list each: a test may compare, never change, them)."""
    return {section: list(names) for section in SECTIONS}


def move(post, n=1, role=Posting.Role.ASSISTANT, year=YEAR):
    """n postings at the post in each movement of the year: leaving, arriving, ending next year."""
    for _ in range(n):
        PostingFactory(post=post, role=role, start=D(year - 4, 9, 1))  # ends 31 August of the year
        PostingFactory(post=post, role=role, start=D(year, 9, 1))
        PostingFactory(post=post, role=role, start=D(year - 3, 9, 1))  # ends 31 August next year


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


@pytest.fixture
def network(db):
    """Three open posts in three zones (Belgrade's zone, the Balkans, lies under Europe), none
    with an ASI on 1 September: an ASI leaves each, a deputy arrives, another's tour ends next year."""
    posts = {
        "bangkok": PostFactory(name="SSI Bangkok", host_country=country("TH")),
        "madrid": PostFactory(name="SSI Madrid", host_country=country("ES")),
        "belgrade": PostFactory(name="SSI Belgrade", host_country=country("RS")),
    }
    for post in posts.values():
        PostingFactory(post=post, role=Posting.Role.ASI, start=D(YEAR - 4, 9, 1))
        PostingFactory(post=post, role=Posting.Role.DEPUTY, start=D(YEAR, 9, 1))
        PostingFactory(post=post, role=Posting.Role.DEPUTY, start=D(YEAR - 3, 9, 1))
    return posts


EVERY_POST = ["SSI Bangkok", "SSI Belgrade", "SSI Madrid"]


# What the page lists


def test_rotation_lists_who_leaves_who_arrives_and_what_falls_vacant(client, central, db):
    leaving_post, staffed_post = PostFactory(name="SSI Partant"), PostFactory(name="SSI Relevé")
    PostingFactory(post=leaving_post, role=Posting.Role.ASI, start=D(2022, 9, 1), person__last_name="Descendant")
    PostingFactory(post=staffed_post, role=Posting.Role.ASI, start=D(2022, 9, 1), person__last_name="Sortant")
    PostingFactory(post=staffed_post, role=Posting.Role.ASI, start=D(2026, 9, 1), person__last_name="Montant")
    PostingFactory(post=staffed_post, role=Posting.Role.DEPUTY, start=D(2023, 9, 1), person__last_name="Suivant")
    PostingFactory(post=staffed_post, role=Posting.Role.DEPUTY, start=D(2021, 9, 1), person__last_name="Avant")
    client.force_login(central)
    response = client.get(reverse("network:rotation", args=[2026]))
    context = response.context
    assert sorted(p.person.last_name for p in context["leaving"]) == ["Descendant", "Sortant"]
    assert [p.person.last_name for p in context["arriving"]] == ["Montant"]
    assert [post.name for post in context["vacant"]] == ["SSI Partant"]
    assert [p.person.last_name for p in context["ending_next_year"]] == ["Suivant"]
    assertContains(response, "DESCENDANT")
    assertContains(response, "Départs (2)")
    assertContains(response, "Arrivées (1)")


def test_rotation_year_boundaries(client, central, db):
    PostingFactory(start=D(2022, 9, 1), actual_end=D(2026, 5, 31), person__last_name="Printemps")
    PostingFactory(start=D(2022, 9, 1), actual_end=D(2026, 10, 1), person__last_name="Automne")
    PostingFactory(start=D(2022, 9, 1), actual_end=D(2026, 6, 1), person__last_name="Juin")
    PostingFactory(start=D(2022, 9, 1), actual_end=D(2026, 9, 30), person__last_name="Septembre")
    client.force_login(central)
    context = client.get(reverse("network:rotation", args=[2026])).context
    assert sorted(p.person.last_name for p in context["leaving"]) == ["Juin", "Septembre"]
    assert client.get(reverse("network:rotation", args=[99999])).status_code == 404


def test_the_year_navigation_keeps_the_filters_and_starts_each_section_again(client, central, network):
    client.force_login(central)
    europe = Zone.objects.get(name="Europe")
    response = client.get(rotation_url(zone=europe.pk, page_leaving=2))
    assertContains(response, f'href="{reverse("network:rotation", args=[YEAR + 1])}?zone={europe.pk}"')
    assertContains(response, f'href="{reverse("network:rotation", args=[YEAR - 1])}?zone={europe.pk}"')


# Filters


def test_central_and_read_only_users_see_the_whole_network_by_default(client, central, read_only, network):
    for user in (central, read_only):
        client.force_login(user)
        response = client.get(rotation_url())
        assert post_names(response.context) == in_each_section(EVERY_POST)
        assert response.context["own_posts_by_default"] is False
        assertNotContains(response, "Voir tout le réseau")


def test_a_zone_includes_the_zones_under_it_in_each_section(client, central, network):
    client.force_login(central)
    europe, asia = Zone.objects.get(name="Europe"), Zone.objects.get(name="Asie")
    shown = post_names(client.get(rotation_url(zone=europe.pk)).context)
    assert shown == in_each_section(["SSI Belgrade", "SSI Madrid"])
    shown = post_names(client.get(rotation_url(zone=asia.pk)).context)
    assert shown == in_each_section(["SSI Bangkok"])


def test_posts_narrow_each_section(client, central, network):
    client.force_login(central)
    chosen = [network["madrid"].pk, network["bangkok"].pk]
    shown = post_names(client.get(rotation_url(post=chosen)).context)
    assert shown == in_each_section(["SSI Bangkok", "SSI Madrid"])


def test_a_role_narrows_each_section_and_vacancies_follow_the_role_that_leads_a_post(client, central, network):
    antenna = AntennaFactory(parent=network["madrid"], name="Antenne de Séville", host_country=country("ES"))
    client.force_login(central)
    shown = post_names(client.get(rotation_url(role=Posting.Role.ASI)).context)
    # The ASIs leave; no ASI arrives; the SSIs lack one; no ASI's tour ends next year.
    assert shown == {"leaving": EVERY_POST, "arriving": [], "vacant": EVERY_POST, "ending_next_year": []}
    shown = post_names(client.get(rotation_url(role=Posting.Role.DEPUTY)).context)
    assert shown == {"leaving": [], "arriving": EVERY_POST, "vacant": [], "ending_next_year": EVERY_POST}
    shown = post_names(client.get(rotation_url(role=Posting.Role.ANTENNA_HEAD)).context)
    assert shown["vacant"] == [antenna.name]


def test_the_search_finds_people_and_posts(client, central, network):
    PostingFactory(post=network["madrid"], start=D(YEAR, 9, 1), role=Posting.Role.COOPERANT, person__last_name="Zorro")
    client.force_login(central)
    context = client.get(rotation_url(q="zorro")).context
    assert [posting.person.last_name for posting in context["arriving"]] == ["Zorro"]
    assert list(context["leaving"]) == list(context["vacant"]) == []
    shown = post_names(client.get(rotation_url(q="belgrade")).context)
    assert shown == in_each_section(["SSI Belgrade"])


def test_post_staff_see_their_own_posts_by_default(client, network):
    antenna = AntennaFactory(parent=network["bangkok"], name="Antenne de Vientiane", host_country=country("LA"))
    move(antenna, role=Posting.Role.ANTENNA_HEAD)
    staff = post_staff_user(network["bangkok"], username="asi.bangkok")
    client.force_login(staff)
    response = client.get(rotation_url())
    shown = post_names(response.context)
    assert shown == in_each_section(["Antenne de Vientiane", "SSI Bangkok"]) | {"vacant": ["SSI Bangkok"]}
    assert response.context["own_posts_by_default"] is True
    assert sorted(response.context["filter"].form["post"].value()) == sorted([network["bangkok"].pk, antenna.pk])
    assertContains(response, f'<option value="{network["bangkok"].pk}" selected>SSI Bangkok</option>', html=True)
    assertContains(response, "Voir tout le réseau")
    # Paging a section keeps the default.
    assert post_names(client.get(rotation_url(page_leaving=1)).context) == shown


def test_post_staff_clear_the_default_to_see_the_rest_of_the_network(client, network):
    client.force_login(post_staff_user(network["bangkok"], username="asi.bangkok"))
    # The notice's link, and the filter form sent with no post chosen.
    for query in ({"post": ""}, {"q": "", "zone": "", "role": ""}):
        response = client.get(rotation_url(**query))
        assert post_names(response.context) == in_each_section(EVERY_POST)
        assert response.context["own_posts_by_default"] is False
        assertNotContains(response, "Voir tout le réseau")
    # Another post, chosen instead of their own.
    shown = post_names(client.get(rotation_url(post=network["madrid"].pk)).context)
    assert shown == in_each_section(["SSI Madrid"])


def test_a_post_staff_user_never_sees_postings_the_policy_hides(client, network, monkeypatch):
    """Were postings need-to-know, the rotation would show post staff their own posts' only,
    whatever the filters say and in the export too."""
    monkeypatch.setattr(Posting, "need_to_know", True)
    client.force_login(post_staff_user(network["bangkok"], username="asi.bangkok"))
    for query in ({"post": ""}, {"post": network["madrid"].pk}, {"zone": Zone.objects.get(name="Europe").pk}):
        context = client.get(rotation_url(**query)).context
        hidden = [p.post.name for name in ("leaving", "arriving", "ending_next_year") for p in context[name]]
        assert set(hidden) <= {"SSI Bangkok"}
    assert post_names(client.get(rotation_url(post="")).context)["leaving"] == ["SSI Bangkok"]
    rows = read_csv(client.get(rotation_url(post="", export="csv")))
    assert {row[3] for row in rows[1:]} == {"SSI Bangkok"}
    # Without the monkeypatch, the same user sees the others: the test above tests something.
    monkeypatch.undo()
    assert post_names(client.get(rotation_url(post="")).context)["leaving"] == EVERY_POST


@pytest.mark.parametrize(
    "query",
    [
        {"zone": "abc"},
        {"zone": "99999999"},
        {"post": "abc"},
        {"post": ["abc", "1"]},
        {"post": "99999999"},
        {"role": "nope"},
        {"q": "x" * 10_000},
    ],
)
def test_bad_filter_input_gets_a_page_that_says_so(client, central, network, query):
    client.force_login(central)
    response = client.get(rotation_url(**query))
    assert response.status_code == 200
    name = next(iter(query))
    if name != "q":
        assert name in response.context["filter"].form.errors
        assert post_names(response.context) == in_each_section([])
        assertContains(response, "fr-select-group--error")


# Pages


def test_each_section_pages_on_its_own_and_keeps_the_others_where_they_were(client, central, network):
    move(network["madrid"], 30)
    client.force_login(central)
    response = client.get(rotation_url(page_leaving=2, page_ending_next_year=2))
    context = response.context
    leaving, arriving, ending = context["leaving"], context["arriving"], context["ending_next_year"]
    assert (leaving.page.number, arriving.page.number, ending.page.number) == (2, 1, 2)
    assert (leaving.count, arriving.count, ending.count) == (33, 33, 33)
    assert len(list(leaving)) == 8 and len(list(arriving)) == 25
    # The other pages of "arriving" keep "leaving" and "ending" on their page 2.
    assertContains(response, 'href="?page_leaving=2&amp;page_ending_next_year=2&amp;page_arriving=2#arriving"')
    assertContains(response, 'href="?page_leaving=1&amp;page_ending_next_year=2#leaving"')
    # "leaving" and "ending" are on their last page: their "next" links go nowhere and say so.
    assertContains(response, 'title="Page suivante" aria-disabled="true"', count=2)
    # Together, the pages of a section list every row once.
    first = client.get(rotation_url(page_leaving=1)).context["leaving"]
    assert len({posting.pk for posting in [*first, *leaving]}) == 33


def test_the_page_shows_the_design_system_pagination_and_counts_in_french(client, central, network):
    move(network["madrid"], 30)
    client.force_login(central)
    europe = Zone.objects.get(name="Europe")
    response = client.get(rotation_url(zone=europe.pk))
    assertContains(response, "Départs (32)")
    # Leaving, arriving and ending next year have a second page; the two vacant posts do not.
    assertContains(response, '<nav role="navigation" class="fr-pagination', count=3)
    assertContains(response, f'href="?zone={europe.pk}&amp;page_leaving=2#leaving"')
    with translation.override("fr"):
        assert RotationSection("leaving", range(1234), QueryDict(), 25).shown_count == "1\xa0234"


@pytest.mark.parametrize(("page", "shown"), [("9999", 2), ("0", 2), ("-1", 2), ("abc", 1), ("", 1), ("1e308", 1)])
def test_a_page_out_of_range_shows_a_page_of_the_section(client, central, network, page, shown):
    move(network["madrid"], 30)
    client.force_login(central)
    response = client.get(rotation_url(page_leaving=page))
    assert response.status_code == 200
    assert response.context["leaving"].page.number == shown


# Export


def test_the_export_follows_the_filters_over_every_page(client, central, network):
    move(network["madrid"], 30)
    client.force_login(central)
    europe = Zone.objects.get(name="Europe")
    response = client.get(rotation_url(zone=europe.pk, role=Posting.Role.ASSISTANT))
    assertContains(response, f"?zone={europe.pk}&amp;role=assistant&amp;export=csv")
    rows = read_csv(client.get(rotation_url(zone=europe.pk, role=Posting.Role.ASSISTANT, export="csv")))
    assert len(rows) == 1 + 90  # 30 leave, 30 arrive, 30 end next year: more than a page each
    assert {(row[2], row[3]) for row in rows[1:]} == {("assistant", "SSI Madrid")}
    assert ExportRecord.objects.get().filters == f"zone={europe.pk}&role=assistant"
    response = client.get(rotation_url(zone=europe.pk, role=Posting.Role.ASSISTANT, export="xlsx"))
    assert "europe-assistant" in response["Content-Disposition"]


def test_the_export_of_post_staff_follows_their_default(client, network):
    client.force_login(post_staff_user(network["bangkok"], username="asi.bangkok"))
    rows = read_csv(client.get(rotation_url(export="csv")))
    assert [row[3] for row in rows[1:]] == ["SSI Bangkok"] * 3
    rows = read_csv(client.get(rotation_url(post="", export="csv")))
    assert sorted({row[3] for row in rows[1:]}) == EVERY_POST


def test_bad_filter_input_exports_nothing_rather_than_everything(client, central, network):
    client.force_login(central)
    assert read_csv(client.get(rotation_url(zone="abc", export="csv")))[1:] == []


# Queries


# The session, the user, their groups and posts (4); the zones the filter offers (1; the posts are a
# searchable select, which lists only the chosen ones); each section's count and page (8). Post
# staff's default posts are checked against the choices and shown as chosen (2).
PAGE_QUERIES = {"central": 13, "post staff": 15, "post staff, cleared": 13}


@pytest.mark.parametrize("who", PAGE_QUERIES)
def test_the_page_runs_a_constant_number_of_queries(client, central, post, django_assert_num_queries, who):
    move(post)  # one posting in each movement; the post, with no ASI, falls vacant
    if who == "central":
        user, query = central, {}
    else:
        user, query = post_staff_user(post, username="asi.bangkok"), {"post": ""} if "cleared" in who else {}
    client.force_login(user)
    client.get(rotation_url(**query))  # the session's first save
    with django_assert_num_queries(PAGE_QUERIES[who]):
        context = client.get(rotation_url(**query)).context
    assert [context[name].count for name in SECTIONS] == [1, 1, 1, 1]
    for i in range(40):  # more than a page in every section, for every user
        move(post)
        move(PostFactory(name=f"SSI Rotation {i}", host_country=country("TH")))
    with django_assert_num_queries(PAGE_QUERIES[who]):
        context = client.get(rotation_url(**query, page_leaving=2)).context
    assert context["leaving"].page.number == 2
    counts = [context[name].count for name in SECTIONS]
    assert counts == ([41, 41, 1, 41] if who == "post staff" else [81, 81, 41, 81])


# The rotation people look ahead to


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2026, 1, 2), 2026),
        (datetime.date(2026, 9, 30), 2026),
        (datetime.date(2026, 10, 1), 2027),
        (datetime.date(2026, 11, 23), 2027),
        (datetime.date(2026, 12, 31), 2027),
    ],
)
def test_the_next_rotation_is_this_year_s_until_its_summer_is_over(today, year):
    assert next_rotation_year(today) == year


def test_the_navigation_and_the_home_link_to_the_next_rotation(client, central, db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 11, 23))
    client.force_login(central)
    response = client.get(reverse("home"))
    next_rotation = reverse("network:rotation", args=[2027])
    assertContains(response, f'href="{next_rotation}"', count=2)
    assertNotContains(response, reverse("network:rotation", args=[2026]))
