import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships import services
from partnerships.models import Opportunity, Recipient, validate_siren
from tests.factories import CompanyFactory, GroupingFactory, OpportunityFactory, domain, valid_siren

Status = Opportunity.Status


@pytest.mark.parametrize("siren", ["732829320", "552 032 534", valid_siren(7)])
def test_valid_sirens(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "code"),
    [
        ("732829321", "siren_checksum"),
        ("12345678", "siren_format"),
        ("ABCDEFGHI", "siren_format"),
        ("", "siren_format"),
    ],
)
def test_invalid_sirens(siren, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)
    assert error.value.code == code


# The workflow


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([Status.VALIDATED], True),
        ([Status.REJECTED], True),
        ([Status.CLOSED], False),  # a signalled opportunity is validated or rejected first
        ([Status.REJECTED, Status.VALIDATED], False),
        ([Status.VALIDATED, Status.CLOSED], True),
        ([Status.VALIDATED, Status.CLOSED, Status.VALIDATED], False),
    ],
)
def test_allowed_and_refused_transitions(db, path, allowed):
    opportunity = OpportunityFactory()
    try:
        for status in path:
            opportunity = services.decide(opportunity, status, reason="motif")
    except ValidationError:
        assert not allowed
        opportunity.refresh_from_db()
        assert opportunity.status != path[-1] or len(set(path)) < len(path)
    else:
        assert allowed
        assert opportunity.status == path[-1]


def test_a_rejection_needs_a_reason(db):
    opportunity = OpportunityFactory()
    with pytest.raises(ValidationError) as error:
        services.decide(opportunity, Status.REJECTED, reason="  ")
    assert "reason" in error.value.message_dict
    opportunity.refresh_from_db()
    assert opportunity.status == Status.SIGNALLED


def test_only_validated_opportunities_are_disseminated(db, central):
    CompanyFactory()
    with pytest.raises(ValidationError, match="valid"):
        services.disseminate(OpportunityFactory(), central)
    assert not mail.outbox


def test_a_past_deadline_cannot_be_disseminated(db, central):
    CompanyFactory()
    opportunity = services.decide(
        OpportunityFactory(deadline=datetime.date.today() - datetime.timedelta(days=1)), Status.VALIDATED
    )
    with pytest.raises(ValidationError, match=r"deadline|date limite"):
        services.disseminate(opportunity, central)
    assert not Recipient.objects.exists()


# Dissemination: every eligible partner, one e-mail each, after the commit


@pytest.fixture
def market(db):
    """Companies and groupings around the cybersecurity domain, eligible or not."""
    cyber = domain()
    return {
        "eligible": CompanyFactory(name="Cyber Un"),
        "eligible_too": CompanyFactory(name="Cyber Deux"),
        "grouping": GroupingFactory(name="Alliance cyber"),
        "other_domain": CompanyFactory(name="Vidéo", domains=[domain("Vidéoprotection")]),
        "no_charter": CompanyFactory(name="Sans charte", charter_accepted_on=None),
        "inactive": CompanyFactory(name="Inactive", active=False),
        "no_contact": CompanyFactory(name="Sans contact", contact=False),
        "cyber": cyber,
    }


def test_dissemination_reaches_exactly_the_eligible_contacts(market, central, django_capture_on_commit_callbacks):
    opportunity = services.decide(OpportunityFactory(), Status.VALIDATED)
    with django_capture_on_commit_callbacks(execute=True):
        dissemination = services.disseminate(opportunity, central)
    expected = {"export@cyber-un.example", "export@cyber-deux.example", "export@alliance-cyber.example"}
    assert set(dissemination.recipients.values_list("email", flat=True)) == expected
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(expected)
    assert all(len(message.to) == 1 for message in mail.outbox)  # one e-mail per recipient
    assert all(opportunity.title in message.subject for message in mail.outbox)
    assert len({message.body.replace(message.to[0], "") for message in mail.outbox}) <= 3  # the same content
    opportunity.refresh_from_db()
    assert opportunity.status == Status.DISSEMINATED
    recipient = dissemination.recipients.get(email="export@cyber-un.example")
    assert recipient.company == market["eligible"]
    assert recipient.sent_at == dissemination.sent_at


def test_nothing_is_sent_if_the_transaction_fails(market, central, django_capture_on_commit_callbacks):
    opportunity = services.decide(OpportunityFactory(), Status.VALIDATED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.disseminate(opportunity, central)
        raise RuntimeError("the database went away")
    assert not mail.outbox
    assert not Recipient.objects.exists()
    opportunity.refresh_from_db()
    assert opportunity.status == Status.VALIDATED


def test_the_equity_check_names_who_was_not_reached_and_why(market, central, django_capture_on_commit_callbacks):
    opportunity = services.decide(OpportunityFactory(), Status.VALIDATED)
    with django_capture_on_commit_callbacks(execute=True):
        services.disseminate(opportunity, central)
    late = CompanyFactory(name="Arrivée tardive", referenced_on=datetime.date.today() + datetime.timedelta(days=1))
    gaps = {gap.partner.name: str(gap.reason) for gap in services.equity_check(opportunity)}
    assert set(gaps) == {"Sans charte", "Inactive", "Sans contact", late.name}
    assert "charte" in gaps["Sans charte"] or "charter" in gaps["Sans charte"]
    assert gaps["Inactive"] in ("inactive", "inactif")
    # Central staff send the same opportunity to those reached since: only the newcomer.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = services.disseminate(opportunity, central)
    assert [r.company for r in follow_up.recipients.all()] == [late]
    assert [message.to for message in mail.outbox] == [["export@arrivée-tardive.example"]]


def test_a_second_dissemination_with_nobody_new_is_refused(market, central, django_capture_on_commit_callbacks):
    opportunity = services.decide(OpportunityFactory(), Status.VALIDATED)
    with django_capture_on_commit_callbacks(execute=True):
        services.disseminate(opportunity, central)
    with pytest.raises(ValidationError):
        services.disseminate(opportunity, central)
