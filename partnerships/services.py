"""The partnerships office's decisions on opportunities, and their fair dissemination.

Every write here runs in one transaction with the opportunity locked, so two staff
members cannot decide or disseminate the same opportunity at once; e-mails leave only
once the transaction has committed, so a failure sends nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from dcis import formatting

from .models import Company, Contact, Dissemination, Grouping, Opportunity, Recipient

Status = Opportunity.Status

# Where each status may go next, and who decides is the view's policy (central staff).
TRANSITIONS = {
    Status.SIGNALLED: {Status.VALIDATED, Status.REJECTED},
    Status.VALIDATED: {Status.DISSEMINATED, Status.REJECTED, Status.CLOSED},
    Status.DISSEMINATED: {Status.DISSEMINATED, Status.CLOSED},
    Status.REJECTED: set(),
    Status.CLOSED: set(),
}


def _locked(opportunity):
    return Opportunity.objects.select_for_update().get(pk=opportunity.pk)


def check_transition(opportunity, status):
    if status not in TRANSITIONS[opportunity.status]:
        raise ValidationError(
            _("A %(current)s opportunity cannot become %(new)s.")
            % {"current": opportunity.get_status_display(), "new": Status(status).label}
        )


@transaction.atomic
def decide(opportunity, status, reason=""):
    """Validate, reject (with a reason) or close an opportunity."""
    opportunity = _locked(opportunity)
    check_transition(opportunity, status)
    if status == Status.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Say why the opportunity is rejected.")})
    opportunity.status = status
    opportunity.decision_reason = reason.strip() or opportunity.decision_reason
    opportunity.save(update_fields=["status", "decision_reason"])
    return opportunity


def matching(model, opportunity):
    """Companies or groupings that work in one of the opportunity's domains."""
    return model.objects.linked_to("domains", pk__in=opportunity.domains.values("pk"))


def eligible_contacts(opportunity):
    """Every contact who should get the opportunity: of an active, charter-holding company
    or grouping in one of its domains, receiving opportunities, not reached yet."""
    reached = Recipient.objects.filter(dissemination__opportunity=opportunity, contact__isnull=False)
    return (
        Contact.objects.filter(receives_opportunities=True)
        .filter(
            Q(company__in=matching(Company, opportunity).eligible())
            | Q(grouping__in=matching(Grouping, opportunity).eligible())
        )
        .exclude(pk__in=reached.values("contact"))
        .select_related("company", "grouping")
        .order_by("pk")
    )


@transaction.atomic
def disseminate(opportunity, user):
    """Send a validated opportunity to every eligible contact not reached yet, one e-mail
    each, and record each recipient with the time and address."""
    opportunity = _locked(opportunity)
    if opportunity.status not in (Status.VALIDATED, Status.DISSEMINATED):
        raise ValidationError(_("Only a validated opportunity can be disseminated."))
    if opportunity.deadline_passed:
        raise ValidationError(_("The deadline has passed: the opportunity can no longer be disseminated."))
    contacts = list(eligible_contacts(opportunity))
    if not contacts:
        raise ValidationError(_("Nobody new to send it to: every eligible contact has received it."))
    dissemination = record_dissemination(opportunity, contacts, sent_by=user)
    opportunity.status = Status.DISSEMINATED
    opportunity.save(update_fields=["status"])
    prefetch_related_objects([opportunity], "country", "domains")  # once, not for each e-mail
    messages = [message_for(opportunity, contact) for contact in contacts]
    transaction.on_commit(lambda: get_connection().send_messages(messages))
    return dissemination


def record_dissemination(opportunity, contacts, **fields):
    """The dissemination and its recipients, each with the address used and the time."""
    dissemination = Dissemination.objects.create(opportunity=opportunity, **fields)
    Recipient.objects.bulk_create(
        Recipient(
            dissemination=dissemination,
            contact=contact,
            company=contact.company,
            grouping=contact.grouping,
            email=contact.email,
            sent_at=dissemination.sent_at,
        )
        for contact in contacts
    )
    return dissemination


def _in_sentence(name):
    """A name as it reads inside a sentence: "Cybersécurité" becomes "cybersécurité", "SIG" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def message_for(opportunity, contact):
    """The e-mail of an opportunity to one contact, as plain text and HTML: the same content for everyone,
    written as a person would ("à Singapour", "1 500 000 €", "cybersécurité et sécurité civile")."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "opportunity": opportunity,
            "contact": contact,
            "in_country": formatting.in_country(opportunity.country),
            "domains": get_text_list([_in_sentence(domain.name) for domain in opportunity.domains.all()], _("and")),
            "deadline": formatting.long_date(opportunity.deadline),
            "estimated_value": formatting.amount(opportunity.estimated_value),
        }
        subject = _("DCIS — market opportunity: %(title)s (%(country)s)") % {
            "title": opportunity.title,
            "country": opportunity.country,
        }
        body = render_to_string("partnerships/opportunity_email.txt", context)
        html = render_to_string("partnerships/opportunity_email.html", context)
    message = EmailMultiAlternatives(subject, body, to=[contact.email])
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class Gap:
    partner: object
    reason: str


def equity_check(opportunity):
    """Matching companies and groupings that the opportunity has not reached, and why."""
    recipients = Recipient.objects.filter(dissemination__opportunity=opportunity)
    last_sent = opportunity.disseminations.order_by("-sent_at").values_list("sent_at", flat=True).first()
    gaps = []
    for model, field in ((Company, "company"), (Grouping, "grouping")):
        # Those reached are left out in the database, and whether anyone there receives
        # opportunities is asked there too: one query loads the gaps, however many partners match.
        reached = recipients.filter(**{f"{field}__isnull": False}).values(field)
        receiving = Contact.objects.filter(**{field: OuterRef("pk")}, receives_opportunities=True)
        unreached = (
            matching(model, opportunity)
            .exclude(pk__in=reached)
            .annotate(has_receiving_contact=Exists(receiving))
            .order_by("name")
        )
        gaps += [Gap(partner, reason(partner, last_sent)) for partner in unreached]
    return gaps


def reason(partner, last_sent):
    """Why a partner was not reached; `partner` is annotated by `equity_check`."""
    if not partner.active:
        return _("inactive")
    if partner.charter_accepted_on is None:
        return _("partnership charter not accepted")
    if not partner.has_receiving_contact:
        return _("no contact receives opportunities")
    if last_sent and partner.referenced_on > timezone.localtime(last_sent).date():
        return _("referenced after the dissemination")
    return _("not sent yet")
