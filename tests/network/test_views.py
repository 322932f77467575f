import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from network.models import Competence, Person, Post, Posting
from tests.factories import (
    AntennaFactory,
    CompetenceFactory,
    PersonFactory,
    PostFactory,
    PostingFactory,
    ZoneFactory,
    country,
)
from tests.forms import form_data

D = datetime.date
TODAY = timezone.localdate


def last_september():
    today = TODAY()
    return D(today.year if today.month >= 9 else today.year - 1, 9, 1)


# Who may open the pages


PAGES = [
    ("home", {}),
    ("network:post-list", {}),
    ("network:person-list", {}),
    ("network:country-list", {}),
    ("network:country-detail", {"pk": "FR"}),
    ("network:rotation", {"year": 2026}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, db, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_user_without_a_role_is_told_so(client, no_role, name, kwargs):
    client.force_login(no_role)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 403
    assertContains(response, "aucun rôle", status_code=403)


def test_the_login_page_signs_in(client, central):
    response = client.post(reverse("login"), {"username": "central", "password": "password"}, follow=True)
    assertContains(response, "Le réseau aujourd’hui")


def test_a_wrong_password_gets_a_clear_message(client, central):
    response = client.post(reverse("login"), {"username": "central", "password": "nope"})
    assertContains(response, "Saisissez un identifiant et un mot de passe valides")


def test_pages_speak_english_on_request(client, central):
    client.force_login(central)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assertContains(client.get(reverse("home")), "The network today")


# Home


def test_home_shows_the_network_in_figures(client, central):
    staffed = PostFactory()
    CompetenceFactory(post=staffed)
    CompetenceFactory(post=staffed, country=country("MY"), kind=Competence.Kind.EXTENSION)
    PostingFactory(post=staffed, role=Posting.Role.ASI, person__corps=Person.Corps.GENDARMERIE)
    PostingFactory(post=staffed, role=Posting.Role.DEPUTY)
    PostFactory()  # open, no ASI: vacant
    PostFactory(status=Post.Status.PLANNED)
    client.force_login(central)
    response = client.get(reverse("home"))
    assert response.context["open_posts"] == 2
    assert response.context["vacant_posts"] == 1
    assert response.context["planned_posts"] == 1
    assert response.context["countries_covered"] == 2
    assert response.context["staff_abroad"] == 2
    assert dict(response.context["staff_by_corps"])[Person.Corps.GENDARMERIE] == 1
    assertContains(response, 'data-figure="vacant-posts">1<')


# Posts


@pytest.fixture
def network(db):
    """Three posts in two zones: Singapore (staffed, covering Malaysia), Madrid (vacant), Dublin (planned)."""
    asia, europe = ZoneFactory(name="Test Asie"), ZoneFactory(name="Test Europe")
    balkans = ZoneFactory(name="Test Balkans", parent=europe)
    for code, zone in (("SG", asia), ("MY", asia), ("ES", europe), ("IE", europe), ("RS", balkans)):
        c = country(code)
        c.zone = zone
        c.save()
    singapore = PostFactory(name="SSI Singapour", host_country=country("SG"), city="Singapour")
    madrid = PostFactory(name="SSI Madrid", host_country=country("ES"), city="Madrid")
    dublin = PostFactory(name="SSI Dublin", host_country=country("IE"), city="Dublin", status=Post.Status.PLANNED)
    belgrade = PostFactory(name="SSI Belgrade", host_country=country("RS"), city="Belgrade")
    PostingFactory(post=belgrade, role=Posting.Role.ASI)
    CompetenceFactory(post=singapore)
    CompetenceFactory(post=singapore, country=country("MY"), kind=Competence.Kind.EXTENSION)
    CompetenceFactory(post=madrid)
    asi = PostingFactory(post=singapore, role=Posting.Role.ASI, person__last_name="Martin")
    return {
        "singapore": singapore,
        "madrid": madrid,
        "dublin": dublin,
        "belgrade": belgrade,
        "asi": asi,
        "asia": asia,
        "europe": europe,
    }


def post_names(response):
    return [post.name for post in response.context["object_list"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["SSI Belgrade", "SSI Dublin", "SSI Madrid", "SSI Singapour"]),
        ("zone={asia}", ["SSI Singapour"]),
        ("zone={europe}", ["SSI Belgrade", "SSI Dublin", "SSI Madrid"]),  # the Balkans are in Europe
        ("host_country=ES", ["SSI Madrid"]),
        ("kind=antenna", []),
        ("status=planned", ["SSI Dublin"]),
        ("vacant=True", ["SSI Madrid"]),
        ("vacant=False", ["SSI Belgrade", "SSI Dublin", "SSI Singapour"]),
        ("competence=MY", ["SSI Singapour"]),
        ("q=madr", ["SSI Madrid"]),
        ("q=irlande", ["SSI Dublin"]),
        ("sort=-name", ["SSI Singapour", "SSI Madrid", "SSI Dublin", "SSI Belgrade"]),
        ("sort=city&zone={europe}", ["SSI Belgrade", "SSI Dublin", "SSI Madrid"]),
    ],
)
def test_post_list_filters_and_sorts(client, central, network, query, expected):
    client.force_login(central)
    query = query.format(asia=network["asia"].pk, europe=network["europe"].pk)
    response = client.get(f"{reverse('network:post-list')}?{query}")
    assert post_names(response) == expected


def test_post_list_shows_head_status_and_vacancy(client, central, network):
    client.force_login(central)
    response = client.get(reverse("network:post-list"))
    assertContains(response, "MARTIN")
    assertContains(response, "vacant")
    assertContains(response, "prévu")


def test_post_list_paginates_and_keeps_filters_in_the_links(client, central, network):
    europe = network["europe"]
    for n in range(30):
        PostFactory(name=f"SSI Europe {n:02}", host_country=country("ES"))
    client.force_login(central)
    response = client.get(f"{reverse('network:post-list')}?zone={europe.pk}&sort=name")
    assert response.context["paginator"].count == 33
    assert len(response.context["object_list"]) == 25
    assertContains(response, f"zone={europe.pk}&amp;sort=name&amp;page=2")
    second = client.get(f"{reverse('network:post-list')}?zone={europe.pk}&sort=name&page=2")
    assert len(second.context["object_list"]) == 8


def test_a_bad_filter_value_is_an_error_on_the_filter_not_a_500(client, central, network):
    client.force_login(central)
    response = client.get(f"{reverse('network:post-list')}?zone=nope&vacant=maybe&page=999")
    assert response.status_code in (200, 404)
    response = client.get(f"{reverse('network:post-list')}?zone=nope")
    assert response.status_code == 200
    assert "zone" in response.context["filter"].form.errors


def count_queries(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # figures computed, not remembered (tests/test_summaries.py)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow_network(network, n=12):
    """Add rows of every kind a page lists: posts, antennas, postings, competences."""
    singapore = network["singapore"]
    for i in range(n):
        post = PostFactory(name=f"SSI {i}", host_country=country("SG"))
        PostingFactory(post=post, role=Posting.Role.ASI, start=D(2026, 6, 1))
        PostingFactory(post=singapore, role=Posting.Role.COOPERANT, start=D(2026, 9, 1))
        AntennaFactory(parent=singapore, name=f"Antenne {i}")
        CompetenceFactory(post=singapore, country=country("PH"), start=D(2000 + i, 1, 1), end=D(2000 + i, 12, 31))
        past = PostingFactory(post=singapore, role=Posting.Role.ASSISTANT, start=D(2000 + i, 1, 1))
        PostingFactory(person=past.person, post=post, role=Posting.Role.DEPUTY, start=D(2010 + i, 1, 1))


PAGES_WITH_ROWS = [
    lambda network: reverse("home"),
    lambda network: reverse("network:post-list"),
    lambda network: reverse("network:person-list"),
    lambda network: reverse("network:country-list") + "?covered=True",
    lambda network: network["singapore"].get_absolute_url(),
    lambda network: network["singapore"].postings.order_by("start").first().person.get_absolute_url(),
    lambda network: reverse("network:country-detail", args=["PH"]),
]


@pytest.mark.parametrize("page", PAGES_WITH_ROWS)
def test_pages_run_a_constant_number_of_queries(client, central, network, page):
    client.force_login(central)
    PostingFactory(post=network["singapore"], role=Posting.Role.ASSISTANT, start=D(2001, 1, 1))
    CompetenceFactory(post=network["singapore"], country=country("PH"), start=D(1990, 1, 1), end=D(1990, 12, 31))
    count_queries(client, page(network))  # warm the session
    few = count_queries(client, page(network))
    grow_network(network)
    assert count_queries(client, page(network)) == few


def test_post_detail_shows_competences_team_antennas_and_history(client, central, network):
    singapore = network["singapore"]
    CompetenceFactory(post=singapore, country=country("PH"), start=D(2010, 1, 1), end=D(2014, 12, 31))
    PostingFactory(post=singapore, role=Posting.Role.ASI, start=D(2014, 9, 1), person__last_name="Ancien")
    AntennaFactory(parent=singapore, name="Antenne de Manille", host_country=country("PH"))
    client.force_login(central)
    response = client.get(singapore.get_absolute_url())
    context = response.context
    assert [c.country.code for c in context["competences_now"]] == ["MY", "SG"] or {
        c.country.code for c in context["competences_now"]
    } == {"MY", "SG"}
    assert [c.country.code for c in context["past_competences"]] == ["PH"]
    assert [p.person.last_name for p in context["team"]] == ["Martin"]
    assert [p.person.last_name for p in context["past_postings"]] == ["Ancien"]
    assertContains(response, "Antenne de Manille")
    assertContains(response, "MARTIN")
    assertContains(response, "Philippines")
    assertContains(response, "Malaisie")


def test_an_unknown_post_is_a_404(client, central):
    client.force_login(central)
    assert client.get(reverse("network:post-detail", args=[999999])).status_code == 404


def test_central_staff_create_a_post_with_its_first_status(client, central, db):
    client.force_login(central)
    response = client.post(
        reverse("network:post-create"),
        {
            "name": "SSI Tachkent",
            "kind": Post.Kind.SSI,
            "host_country": "UZ",
            "city": "Tachkent",
            "status": Post.Status.PLANNED,
            "status_date": "2026-01-15",
        },
    )
    post = Post.objects.get(name="SSI Tachkent")
    assertRedirects(response, post.get_absolute_url())
    assert list(post.status_changes.values_list("status", "date")) == [(Post.Status.PLANNED, D(2026, 1, 15))]


def test_an_antenna_without_parent_is_refused_on_the_field(client, central, db):
    client.force_login(central)
    response = client.post(
        reverse("network:post-create"),
        {
            "name": "Antenne",
            "kind": Post.Kind.ANTENNA,
            "host_country": "LK",
            "city": "Colombo",
            "status": "open",
            "status_date": "2026-01-15",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Post.objects.filter(name="Antenne").exists()


def test_post_staff_edit_their_post_but_not_another(client, attache, post, other_post):
    client.force_login(attache)
    url = reverse("network:post-update", args=[post.pk])
    data = form_data(client.get(url), phone="+66 1234")
    assertRedirects(client.post(url, data), post.get_absolute_url())
    post.refresh_from_db()
    assert post.phone == "+66 1234"
    assert client.get(reverse("network:post-update", args=[other_post.pk])).status_code == 403
    assert client.get(reverse("network:post-create")).status_code == 403
    assertNotContains(client.get(other_post.get_absolute_url()), reverse("network:post-update", args=[other_post.pk]))


def test_read_only_users_read_but_do_not_change(client, read_only, post):
    client.force_login(read_only)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(reverse("network:post-update", args=[post.pk])).status_code == 403
    assert client.post(reverse("network:post-update", args=[post.pk]), {"name": "x"}).status_code == 403
    post.refresh_from_db()
    assert post.name == "SSI Bangkok"


def test_post_staff_are_offered_only_their_posts(client, attache, post, other_post):
    client.force_login(attache)
    response = client.get(reverse("network:posting-create"))
    assert list(response.context["form"].fields["post"].queryset) == [post]
    forged = client.post(
        reverse("network:posting-create"),
        {"person": PersonFactory().pk, "post": other_post.pk, "role": "assistant", "start": "2026-09-01"},
    )
    assert "post" in forged.context["form"].errors
    assert not other_post.postings.exists()


def test_a_status_change_is_recorded_from_the_post_page(client, central, post):
    client.force_login(central)
    response = client.post(
        reverse("network:poststatuschange-create"),
        {"post": post.pk, "status": Post.Status.SUSPENDED, "date": "2026-03-01", "note": "Crise"},
    )
    assertRedirects(response, post.get_absolute_url())
    assert post.status_changes.filter(status=Post.Status.SUSPENDED, note="Crise").exists()


# Competences through the pages


def test_a_competence_clash_is_shown_on_the_country_field(client, central, network):
    client.force_login(central)
    response = client.post(
        reverse("network:competence-create"),
        {"post": network["madrid"].pk, "country": "MY", "kind": "extension", "start": "2024-01-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["country"]
    assert "SSI Singapour" in errors[0]
    assert Competence.objects.filter(country="MY").count() == 1


def test_moving_a_competence_through_its_page(client, central, network):
    client.force_login(central)
    url = reverse("network:country-move", args=["MY"])
    response = client.post(url, {"post": network["madrid"].pk, "on": "2026-09-01", "kind": "extension"})
    assertRedirects(response, reverse("network:country-detail", args=["MY"]))
    assert Competence.objects.current(D(2026, 9, 1)).get(country="MY").post == network["madrid"]
    assert Competence.objects.current(D(2026, 8, 31)).get(country="MY").post == network["singapore"]


def test_post_staff_move_only_countries_their_post_covers(client, attache, network):
    client.force_login(attache)  # staff of a post covering nothing
    assert client.get(reverse("network:country-move", args=["MY"])).status_code == 403


# People


def test_person_list_filters(client, central, network):
    gone = PersonFactory(last_name="Parti", corps=Person.Corps.GENDARMERIE)
    PostingFactory(person=gone, post=network["madrid"], role=Posting.Role.ASI, start=D(2015, 9, 1))
    client.force_login(central)
    url = reverse("network:person-list")

    def names(query):
        return [p.last_name for p in client.get(f"{url}?{query}").context["object_list"]]

    assert names("corps=gendarmerie") == ["Parti"]
    assert names("current=False") == ["Parti"]
    assert "Martin" in names("current=True")
    assert "Parti" not in names("current=True")
    assert names(f"post={network['madrid'].pk}") == ["Parti"]
    assert names(f"post={network['madrid'].pk}&current=True") == []
    # Other people's names are random: every one found matches, Martin among them.
    found = client.get(f"{url}?role=asi&q=mart").context["object_list"]
    assert "Martin" in [p.last_name for p in found]
    assert all("mart" in f"{p.last_name} {p.first_name} {p.email} {p.grade}".lower() for p in found)


def test_person_detail_shows_postings_over_time(client, central, network):
    asi = network["asi"]
    client.force_login(central)
    response = client.get(asi.person.get_absolute_url())
    assertContains(response, "SSI Singapour")
    assertContains(response, "attaché de sécurité intérieure")


def test_creating_a_posting_fills_the_planned_end(client, central, network):
    client.force_login(central)
    person = PersonFactory()
    response = client.post(
        reverse("network:posting-create"),
        {"person": person.pk, "post": network["madrid"].pk, "role": "asi", "start": "2026-09-01"},
    )
    assertRedirects(response, person.get_absolute_url())
    assert person.postings.get().planned_end == D(2030, 8, 31)


def test_a_posting_clash_is_refused_on_the_field_and_nothing_is_saved(client, central, network):
    client.force_login(central)
    response = client.post(
        reverse("network:posting-create"),
        {
            "person": PersonFactory().pk,
            "post": network["singapore"].pk,
            "role": "asi",
            "start": last_september().isoformat(),
        },
    )
    assert "role" in response.context["form"].errors
    assert network["singapore"].postings.count() == 1


def test_a_posting_in_year_9999_is_refused_on_the_field_and_nothing_is_saved(client, central, network):
    client.force_login(central)
    person = PersonFactory()
    response = client.post(
        reverse("network:posting-create"),
        {"person": person.pk, "post": network["madrid"].pk, "role": "asi", "start": "9999-12-31"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == ["Saisissez une année comprise entre 1900 et 2199."]
    assert not person.postings.exists()


def test_a_liaison_officer_without_theme_is_asked_for_one(client, central, network):
    client.force_login(central)
    response = client.post(
        reverse("network:posting-create"),
        {
            "person": PersonFactory().pk,
            "post": network["madrid"].pk,
            "role": "officier_liaison",
            "start": "2026-09-01",
        },
    )
    assert "theme" in response.context["form"].errors


# Countries


def test_country_list_filters_on_coverage(client, central, network):
    client.force_login(central)
    url = reverse("network:country-list")
    covered = [c.code.code for c in client.get(f"{url}?covered=True").context["object_list"]]
    assert sorted(covered) == ["ES", "MY", "SG"]
    uncovered = client.get(f"{url}?covered=False").context["paginator"].count
    assert uncovered > 200
    by_post = client.get(f"{url}?post={network['singapore'].pk}").context["object_list"]
    assert sorted(c.code.code for c in by_post) == ["MY", "SG"]
    in_asia = client.get(f"{url}?zone={network['asia'].pk}").context["object_list"]
    assert sorted(c.code.code for c in in_asia) == ["MY", "SG"]


def test_country_detail_shows_who_covers_it_today_and_before(client, central, network):
    london = PostFactory(name="SSI Londres", host_country=country("GB"))
    CompetenceFactory(post=london, country=country("IE"), start=D(2010, 1, 1), end=D(2020, 12, 31))
    CompetenceFactory(post=network["madrid"], country=country("IE"), start=D(2021, 1, 1))
    client.force_login(central)
    response = client.get(reverse("network:country-detail", args=["IE"]))
    assert response.context["current"].post == network["madrid"]
    assertContains(response, "SSI Londres")
    assertContains(response, "Irlande")


def test_an_unknown_country_is_a_404(client, central):
    client.force_login(central)
    assert client.get("/network/countries/QQ/").status_code == 404
    assert client.get("/network/countries/fr/").status_code == 404
