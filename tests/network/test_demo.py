"""The demo network: the public figures, on whatever day it is loaded, and idempotence."""

import datetime
import statistics

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django_countries import countries

from dcis.access import access_for
from network import demo as network_demo
from network.data.zones import zone_of_country
from network.demo import season_start
from network.models import Competence, Country, Post, Posting, PostStatusChange, Zone


def test_every_country_is_mapped_to_a_zone():
    assert set(zone_of_country()) == {country.code for country in countries}


def test_the_migration_loaded_every_country_in_a_zone(db):
    assert Country.objects.count() == len(countries)
    assert not Country.objects.filter(zone__isnull=True).exists()
    assert Country.objects.get(code="XK").name == "Kosovo"
    assert Country.objects.get(code="DE").name == "Allemagne"
    assert Zone.objects.get(name="Balkans-Europe").parent.name == "Europe"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def covered_by(code):
    return Competence.objects.current().get(country=code).post.name


def test_the_demo_has_the_networks_figures(db, demo):
    ssis = Post.objects.open().filter(kind=Post.Kind.SSI)
    assert ssis.count() == 78
    assert sorted(Post.objects.vacant().values_list("name", flat=True)) == ["SSI Alger", "SSI Caracas"]
    antennas = Post.objects.with_vacancy().filter(kind=Post.Kind.ANTENNA)
    assert antennas.count() == 7
    assert not antennas.filter(vacant=True).exists()
    assert 160 <= Competence.objects.current().values("country").distinct().count() <= 175
    assert 280 <= Posting.objects.current().count() <= 320


def test_the_multi_country_posts_cover_what_the_directorate_says(db, demo):
    for post, codes in {
        "SSI Singapour": "SG BN MY PH",
        "SSI New Delhi": "IN NP LK MV BD",
        "SSI Belgrade": "RS ME",
        "SSI Madrid": "ES AD",
        "SSI Bucarest": "RO MD",
        "SSI Vilnius": "LT LV EE",
        "SSI Londres": "GB IE",
    }.items():
        assert {covered_by(code) for code in codes.split()} == {post}, post
    assert Competence.objects.current(datetime.date(2010, 1, 1)).get(country="LV").post.name == "SSI Riga"
    assert not Competence.objects.current(datetime.date(2020, 1, 1)).filter(country__in=["LT", "LV", "EE"]).exists()


def test_the_2026_openings_are_planned_and_ireland_moves_on_the_opening_day(db, demo):
    planned = Post.objects.with_status().filter(status=Post.Status.PLANNED)
    assert planned.count() == 8
    dublin = Post.objects.get(name="SSI Dublin")
    opening = dublin.status_changes.get(status=Post.Status.OPEN).date
    assert opening > datetime.date.today()
    assert (
        Competence.objects.current(opening - datetime.timedelta(days=1)).get(country="IE").post.name == "SSI Londres"
    )
    assert Competence.objects.current(opening).get(country="IE").post == dublin
    assert Competence.objects.current(opening).get(country="UZ").post.name == "SSI Tachkent"


def test_about_a_quarter_of_the_network_rotates_each_august(db, demo):
    season = season_start(datetime.date.today()).year
    current = Posting.objects.current().count()
    arrived = Posting.objects.filter(start=datetime.date(season, 9, 1)).count()
    assert 0.15 * current < arrived < 0.35 * current
    assert Posting.objects.filter(start__year__lte=season - 7).exists()  # eight years of history


def test_the_demo_respects_every_rule(db, demo):
    for record in [*Posting.objects.all(), *Competence.objects.all(), *Post.objects.all()]:
        record.full_clean()


def test_the_demo_accounts_have_their_roles(db, demo):
    attache = get_user_model().objects.get(username="asi.singapour")
    access = access_for(attache)
    assert access.post_ids == {
        Post.objects.get(name="SSI Singapour").pk,
        Post.objects.get(name="Antenne de Kuala Lumpur").pk,
    }
    assert access_for(get_user_model().objects.get(username="central")).is_central
    assert access_for(get_user_model().objects.get(username="lecture")).is_read_only
    assert get_user_model().objects.get(username="admin").is_superuser
    assert attache.check_password("demo-dcis-2026")


def snapshot():
    models = [
        *apps.get_app_config("network").get_models(),
        *apps.get_app_config("cooperation").get_models(),
        *apps.get_app_config("partnerships").get_models(),
        get_user_model(),
    ]
    return {model._meta.label: sorted(map(str, model._base_manager.values_list())) for model in models}


def test_loading_the_demo_twice_changes_nothing(db, demo):
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before  # history tables included: nothing was even re-saved


def test_loading_again_in_a_later_season_extends_the_same_history(db):
    """`make run` loads the demo every time: a year on, the same tours keep the same
    holders, the new season's tours are added, and every rule and figure still holds."""
    today = datetime.date.today()
    network_demo.load(today)
    holders = dict(Posting.objects.values_list("pk", "person__last_name"))
    next_year = today.replace(year=today.year + 1)
    network_demo.load(next_year)
    assert {
        pk: name for pk, name in Posting.objects.values_list("pk", "person__last_name") if pk in holders
    } == holders
    for record in [*Posting.objects.all(), *Competence.objects.all(), *PostStatusChange.objects.all()]:
        record.full_clean()
    assert Post.objects.open(next_year).filter(kind=Post.Kind.SSI).count() == 78
    assert Post.objects.vacant(next_year).count() == 2
    assert 280 <= Posting.objects.current(next_year).count() <= 320
    assert Post.objects.with_status(next_year).filter(status=Post.Status.PLANNED).count() == 8
    assert Competence.objects.current(next_year).get(country="IE").post.name == "SSI Londres"


def test_the_demo_cooperation_record(db, demo):
    from cooperation.models import Action, Agreement, Event, OperationalRequest

    this_year = datetime.date.today().year
    assert Action.objects.in_year(this_year).count() == 2000
    assert Action.objects.in_year(this_year - 1).count() == 2000
    assert not Action.objects.filter(themes__isnull=True).exists()
    assert not Action.objects.filter(countries__isnull=True).exists()
    answered = OperationalRequest.objects.filter(answered_on__isnull=False)
    median = statistics.median(r.response_time for r in answered)
    assert 5 <= median <= 20  # a fortnight at most, most of the time
    assert OperationalRequest.objects.open().exists()
    singapore = Agreement.objects.filter(countries="SG").order_by("signed_on")
    assert [a.signed_on.year for a in singapore] == [2011, 2013]
    colloquia = Event.objects.filter(kind=Event.Kind.COLLOQUIUM)
    assert {event.start.month for event in colloquia} == {8}
    assert Event.objects.filter(kind=Event.Kind.REGIONAL_SEMINAR, start__year=this_year - 1).count() == 8
    for record in [*Action.objects.order_by("?")[:200], *answered.order_by("?")[:200]]:
        record.full_clean()


def test_the_demo_loader_goes_through_the_models_rules(db):
    from django.core.exceptions import ValidationError

    from network.demo import upsert
    from tests.factories import CompetenceFactory, PostFactory, country

    CompetenceFactory(post=PostFactory(name="SSI Essai", host_country=country("AQ")))
    other = PostFactory(name="SSI Autre essai", host_country=country("AQ"))
    with pytest.raises(ValidationError, match="SSI Essai"):
        upsert(
            Competence, {"post": other, "country": country("AQ"), "start": datetime.date(2020, 1, 1)}, validate=True
        )
    assert not Competence.objects.filter(post=other).exists()


def test_loading_again_on_a_larger_database_adds_nothing(db, demo):
    from partnerships.models import Domain
    from tests.factories import PostFactory, country

    # A post the demo does not know, sorted first among the SSIs (a scale data set, real posts),
    # and a domain of companies sorted first among the domains.
    PostFactory(name="SSI Aaa", host_country=country("AQ"))
    Domain.objects.create(name="Aaa domaine")
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


def test_the_demo_gives_heads_of_post_their_objectives_letters(db, demo):
    from network.models import ObjectivesLetter

    heads = Posting.objects.current().filter(Posting.head_role_q())
    with_letter = heads.filter(objectives_letter__isnull=False)
    # Nearly every head of post has a letter with three objectives; a few of this season's
    # arrivals show central staff what is left to write or sign.
    assert 0 < heads.count() - with_letter.count() <= heads.count() // 10
    letters = ObjectivesLetter.objects.filter(posting__in=heads)
    assert letters.overdue().exists()
    assert letters.filter(signed_on__isnull=False).count() >= letters.count() * 0.8
    for letter in letters.filter(signed_on__isnull=False):
        assert letter.objectives.count() == 3
        assert letter.signed_on < letter.posting.start
        letter.full_clean()
