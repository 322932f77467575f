"""French formats everywhere a person reads a number, an amount or a date; English ones in English;
messages that agree with the record's type; list searches that ignore case and accents."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from dcis import formatting
from dcis.wording import record_message
from network.filters import CountryFilterSet
from network.models import Country, Post, Zone
from tests.factories import ActionFactory, CompetenceFactory, PersonFactory, PostingFactory, country

NBSP = "\xa0"


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("67500000.00"), f"67{NBSP}500{NBSP}000{NBSP}€"),
        (Decimal("11500.50"), f"11{NBSP}500,50{NBSP}€"),
        (Decimal("11500.5"), f"11{NBSP}500,50{NBSP}€"),
        (Decimal("0"), f"0{NBSP}€"),
        (1500000, f"1{NBSP}500{NBSP}000{NBSP}€"),
        (None, ""),
    ],
)
def test_amounts_in_french(french, value, written):
    assert formatting.amount(value) == written


def test_amounts_and_counts_in_english(english):
    assert formatting.amount(Decimal("67500000.00")) == "€67,500,000"
    assert formatting.amount(Decimal("11500.50")) == "€11,500.50"
    assert formatting.number(6001) == "6,001"


def test_counts_in_french(french):
    assert formatting.number(6001) == f"6{NBSP}001"
    assert formatting.number(999) == "999"
    assert formatting.number(Decimal("1234.00")) == f"1{NBSP}234"
    assert formatting.number(None) == ""


def test_dates_in_french(french):
    assert formatting.short_date(datetime.date(2026, 12, 26)) == "26/12/2026"
    assert formatting.long_date(datetime.date(2026, 12, 26)) == "26 décembre 2026"
    assert formatting.long_date(datetime.date(2026, 9, 1)) == "1er septembre 2026"
    moment = datetime.datetime(2026, 12, 26, 8, 30, tzinfo=datetime.UTC)
    assert formatting.short_date(moment) == "26/12/2026 09:30"  # Paris time
    assert formatting.long_date(None) == ""


def test_dates_in_english(english):
    assert formatting.long_date(datetime.date(2026, 9, 1)) == "Sept. 1, 2026"
    assert formatting.short_date(datetime.date(2026, 12, 26)) == "12/26/2026"


def test_the_template_filters(french):
    template = Template("{% load formats %}{{ n|number }} · {{ a|amount }} · {{ d|long_date }} · {{ d|short_date }}")
    context = Context({"n": 6001, "a": Decimal("11500.50"), "d": datetime.date(2026, 9, 1)})
    assert template.render(context) == f"6{NBSP}001 · 11{NBSP}500,50{NBSP}€ · 1er septembre 2026 · 01/09/2026"


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Singapour", "à Singapour"),
        ("Monaco", "à Monaco"),
        ("Pérou", "au Pérou"),
        ("Japon", "au Japon"),
        ("Mexique", "au Mexique"),
        ("Royaume-Uni", "au Royaume-Uni"),
        ("Émirats arabes unis", "aux Émirats arabes unis"),
        ("États-Unis d'Amérique", "aux États-Unis d'Amérique"),
        ("Philippines", "aux Philippines"),
        ("France", "en France"),
        ("Iran", "en Iran"),
        ("Côte d'Ivoire", "en Côte d'Ivoire"),
        ("Corée du Sud", "en Corée du Sud"),
        ("Guinée-Bissau", "en Guinée-Bissau"),
        ("Haïti", "en Haïti"),
        ("Israël", "en Israël"),
        ("Honduras", "au Honduras"),
        ("Sri Lanka", "au Sri Lanka"),
        ("Réunion, La", "à La Réunion"),
        ("Sainte-Lucie", "à Sainte-Lucie"),
        ("Barbade", "à la Barbade"),
    ],
)
def test_the_preposition_before_a_country_in_french(name, written):
    assert formatting.french_in_country(name) == written


def test_in_a_country_follows_the_language(db):
    singapore = country("SG")
    with translation.override("fr"):
        assert formatting.in_country(singapore) == "à Singapour"
    with translation.override("en"):
        assert formatting.in_country(singapore) == "in Singapore"


# Messages agree with the record's type


def test_messages_agree_with_the_type_in_french(db, french):
    action = ActionFactory.build(title="Formation cyber")
    zone = Zone(name="Asie")
    post = Post(name="SSI Lima")
    assert record_message("created", action) == "L’action de coopération technique « Formation cyber » a été créée."
    assert record_message("saved", zone) == "La zone « Asie » a été enregistrée."
    assert record_message("deleted", post) == "Le poste « SSI Lima » a été supprimé."
    assert record_message("protected", post, count=3) == (
        "Le poste « SSI Lima » ne peut pas être supprimé : d’autres fiches en dépendent (3)."
    )


def test_messages_in_english(db, english):
    action = ActionFactory.build(title="Formation cyber")
    assert record_message("created", action) == "The technical cooperation action “Formation cyber” was created."
    assert record_message("deleted", Post(name="SSI Lima")) == "The post “SSI Lima” was deleted."


def test_every_record_type_declares_its_gender_in_french():
    from django.apps import apps
    from django.utils.translation import pgettext

    from dcis.wording import GENDERED_NAMES

    with translation.override("en"):
        written_out = {str(name) for name in GENDERED_NAMES}
    for model in apps.get_models():
        if (
            model._meta.app_label in ("network", "cooperation", "partnerships")
            and "historical" not in model._meta.model_name
        ):
            with translation.override("en"):
                name = str(model._meta.verbose_name)
            with translation.override("fr"):
                assert pgettext("grammatical gender", name) in ("feminine", "masculine"), name
            assert name in written_out, f"{name}: add it to dcis.wording.GENDERED_NAMES"


def test_the_delete_view_says_it_in_agreement(client, central, post):
    competence = CompetenceFactory(post=post)
    client.force_login(central)
    response = client.post(reverse("network:competence-delete", args=[competence.pk]), follow=True)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        f"La compétence « {competence} » a été supprimée."
    ]


def test_a_refused_delete_says_it_in_agreement(client, central, post):
    person = PersonFactory(first_name="Anne", last_name="Martin")
    PostingFactory(person=person, post=post)
    client.force_login(central)
    response = client.post(reverse("network:person-delete", args=[person.pk]), follow=True)
    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    assert message.startswith(f"La personne « {person} » ne peut pas être supprimée")


# A detail page and a list in French formats


def test_a_detail_page_writes_dates_and_amounts_in_french(client, central, post):
    action = ActionFactory(
        post=post,
        planned_start=datetime.date(2026, 12, 26),
        planned_end=datetime.date(2026, 12, 28),
        planned_cost=Decimal("67500000.00"),
        actual_cost=Decimal("11500.50"),
    )
    client.force_login(central)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "26/12/2026" in html
    assert f"67{NBSP}500{NBSP}000{NBSP}€" in html
    assert f"11{NBSP}500,50{NBSP}€" in html
    assert "2026-12-26" not in html and "67500000" not in html and "11500.50" not in html


def test_a_detail_page_in_english(client, central, post):
    action = ActionFactory(
        post=post,
        planned_start=datetime.date(2026, 12, 26),
        planned_end=datetime.date(2026, 12, 28),
        planned_cost=Decimal("11500.50"),
    )
    client.force_login(central)
    client.cookies["django_language"] = "en"
    html = client.get(action.get_absolute_url()).content.decode()
    assert "12/26/2026" in html and "€11,500.50" in html


def test_list_totals_have_thousand_separators(client, central, post):
    ActionFactory(post=post, foreign_participants=1200, planned_cost=Decimal("1500000.00"))
    ActionFactory(post=post, foreign_participants=34, planned_cost=Decimal("250.50"))
    client.force_login(central)
    html = client.get(reverse("cooperation:action-list")).content.decode()
    assert f'data-total="2">1{NBSP}234</p>' in html
    assert f'data-total="3">1{NBSP}500{NBSP}250,50</p>' in html


# Searching a list ignores case and accents


@pytest.mark.parametrize(
    ("typed", "code"), [("Perou", "PE"), ("pérou", "PE"), ("cote d'ivoire", "CI"), ("CÔTE D’IVOIRE", "CI")]
)
def test_list_search_ignores_case_and_accents(db, typed, code):
    found = CountryFilterSet({"q": typed}, queryset=Country.objects.all()).qs
    assert code in set(found.values_list("code", flat=True))
    assert found.count() < 5


def test_the_list_page_finds_a_country_without_its_accents(client, central):
    client.force_login(central)
    response = client.get(reverse("network:country-list"), {"q": "Perou"})
    assert [str(row.record) for row in response.context["table"].rows] == ["Pérou"]


def test_a_search_with_a_nul_character_is_no_error(client, central):
    client.force_login(central)
    assert client.get(reverse("network:country-list"), {"q": "per\x00ou"}).status_code == 200


def test_the_accounts_list_finds_a_name_without_its_accents(client, central):
    from tests.factories import UserFactory

    UserFactory(username="h.lefevre", first_name="Hélène", last_name="Lefèvre")
    client.force_login(central)
    response = client.get(reverse("user-list"), {"q": "helene LEFEVRE"})
    assert [user.username for user in response.context["object_list"]] == ["h.lefevre"]
