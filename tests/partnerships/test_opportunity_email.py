"""The e-mail a company receives about an opportunity reads as a person would write it."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import prefetch_related_objects

from partnerships import services
from partnerships.models import Opportunity
from tests.factories import CompanyFactory, OpportunityFactory, PostFactory, country, domain


@pytest.fixture
def opportunity(db):
    post = PostFactory(name="SSI Singapour", host_country=country("SG"))
    opportunity = OpportunityFactory(
        post=post,
        title="Supervision des réseaux de la police",
        buyer="Police de Singapour",
        description="Un centre de supervision pour 40 sites.\nLivraison en 2027.",
        deadline=datetime.date(2027, 9, 1),
        estimated_value=Decimal("1500000.00"),
        domains=[domain("Cybersécurité"), domain("Sécurité civile et lutte contre l'incendie")],
    )
    return services.decide(opportunity, Opportunity.Status.VALIDATED)


EXPECTED_BODY = """Bonjour Export,

Le réseau des attachés de sécurité intérieure a repéré une opportunité de marché à Singapour. \
Acheteur : Police de Singapour.

Supervision des réseaux de la police
Besoin exprimé
Date limite : 1er septembre 2027
Valeur estimée : 1\xa0500\xa0000\xa0€
Domaines : cybersécurité et sécurité civile et lutte contre l'incendie

Un centre de supervision pour 40 sites.
Livraison en 2027.

La même information est adressée à chaque entreprise et à chaque groupement partenaires de ces domaines. \
Pour toute question, écrivez au bureau des partenariats de la DCIS.
"""


def test_the_plain_text_reads_as_a_person_would_write_it(opportunity, central, django_capture_on_commit_callbacks):
    CompanyFactory(name="Cyber Un")
    with django_capture_on_commit_callbacks(execute=True):
        services.disseminate(opportunity, central)
    [message] = mail.outbox
    assert message.to == ["export@cyber-un.example"]
    assert message.subject == "DCIS — opportunité de marché : Supervision des réseaux de la police (Singapour)"
    assert message.body == EXPECTED_BODY
    assert "<Domain" not in message.body and "[" not in message.body and "1500000" not in message.body


def test_the_html_alternative_carries_the_same_content_without_outside_images(
    opportunity, central, django_capture_on_commit_callbacks
):
    CompanyFactory(name="Cyber Un")
    with django_capture_on_commit_callbacks(execute=True):
        services.disseminate(opportunity, central)
    [message] = mail.outbox
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "opportunité de marché à Singapour. Acheteur : Police de Singapour." in html
    assert "<li>Valeur estimée : 1\xa0500\xa0000\xa0€</li>" in html
    assert "<li>Date limite : 1er septembre 2027</li>" in html
    assert "Un centre de supervision pour 40 sites.<br>Livraison en 2027." in html
    assert "Ministère de l’Intérieur" in html
    assert "<img" not in html and "http" not in html


def test_the_emails_are_written_without_a_query_each(opportunity, django_assert_num_queries):
    for name in ("Cyber Un", "Cyber Deux", "Cyber Trois"):
        CompanyFactory(name=name)
    contacts = list(services.eligible_contacts(opportunity))
    prefetch_related_objects([opportunity], "country", "domains")
    with django_assert_num_queries(0):
        messages = [services.message_for(opportunity, contact) for contact in contacts]
    assert len(messages) == 3
