"""The partnerships record of the scale data set (`manage.py seed_scale`): companies and
groupings with their contacts, market opportunities signalled by the scale SSIs and their
disseminations, trade shows, assistance.

Written in bulk, past `services.decide` and `services.disseminate`; the rules hold by
construction. The companies of the scale work in domains of their own ("Domaine échelle 01",
about 1.2 per unit of the factor) and its opportunities are in those domains, so that the
demo's disseminations stay fair (no scale company was left out of them) and each scale
dissemination reaches about as many contacts at any factor. Each one is recorded as
`services.disseminate` would have sent it on its date: to every contact receiving
opportunities of a company or grouping of the opportunity's domains that was active and had
accepted the charter by then, not reached by an earlier one; never after the deadline; the
opportunity then disseminated, or closed once its deadline has passed.
"""

import bisect
import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from dcis.access import CENTRAL_GROUP
from network.scale import DAY, MARK, random_date

from .demo import siren as demo_siren
from .models import (
    Assistance,
    Company,
    Contact,
    Delegation,
    Dissemination,
    Domain,
    Grouping,
    Opportunity,
    Recipient,
    TradeShow,
)

# Factor 1. Opportunities: as many as it takes for about 64,600 recipients at factor 10
# (each dissemination reaches every eligible contact in the opportunity's domain).
PER_FACTOR = {"companies": 200, "opportunities": 283, "groupings": 1, "trade_shows": 15, "assistance": 100}
DOMAINS_PER_FACTOR = 1.2
EMAIL_DOMAIN = "entreprise.example"
BUYERS = [
    "Police nationale",
    "Garde nationale",
    "Protection civile",
    "Service des douanes",
    "Ministère de l'Intérieur",
]
CHUNK = 500  # opportunities written at a time, with their recipients


def with_check_digit(digits):
    """A SIREN: eight digits and the Luhn check digit."""
    total = 0
    for position, digit in enumerate(reversed(digits + "0")):
        number = int(digit) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    return digits + str((10 - total % 10) % 10)


class ScalePartnerships:
    def __init__(self, network, writer, rnd):
        self.network = network
        self.writer = writer
        self.random = rnd
        self.today = network.today

    def figure(self, name):
        return round(PER_FACTOR[name] * self.network.factor)

    def build(self):
        self.build_domains()
        self.build_companies()
        self.build_groupings()
        self.build_opportunities()
        self.build_trade_shows()
        self.build_assistance()

    def build_domains(self):
        count = max(1, round(DOMAINS_PER_FACTOR * self.network.factor))
        self.domains = self.writer.create(Domain, [Domain(name=f"Domaine {MARK} {n + 1:02d}") for n in range(count)])

    # Companies, groupings, contacts

    def sirens(self, count):
        taken = set(Company.objects.values_list("siren", flat=True))
        taken |= {demo_siren(n) for n in range(1, 1_000)}  # the demo's, loaded or to come
        number = 50_000_000
        while count:
            number += 1
            siren = with_check_digit(f"{number:08d}")
            if siren not in taken:
                count -= 1
                yield siren

    def build_companies(self):
        rnd, network = self.random, self.network
        first = network.start.replace(year=network.start.year - 3)
        span = (self.today - first).days
        count = self.figure("companies")
        companies, domains = [], []
        for n, siren in enumerate(self.sirens(count), start=1):
            name = f"Entreprise {MARK} {n:05d}"
            # Most companies joined in the partnership's first years.
            referenced = first + int(span * rnd.random() ** 1.6) * DAY
            charter = None if rnd.random() < 0.12 else min(referenced + rnd.randint(0, 180) * DAY, self.today)
            companies.append(
                Company(
                    name=name,
                    siren=siren,
                    size=rnd.choices(list(Company.Size), [30, 45, 15, 10])[0],
                    address=f"{rnd.randint(1, 120)} rue de l'Échelle, Ville {MARK} {n % 97:04d}",
                    website=f"https://www.entreprise-echelle-{n:05d}.example",
                    referenced_on=referenced,
                    charter_accepted_on=charter,
                    active=rnd.random() < 0.95,
                )
            )
            domains.append(rnd.sample(self.domains, min(len(self.domains), rnd.choices([1, 2, 3], [30, 55, 15])[0])))
        self.companies = self.writer.create(Company, companies)
        self.writer.link(
            Company.domains,
            [
                (company.pk, domain.pk)
                for company, chosen in zip(self.companies, domains, strict=True)
                for domain in chosen
            ],
        )
        self.company_domains = {company.pk: chosen for company, chosen in zip(self.companies, domains, strict=True)}
        contacts = []
        for n, company in enumerate(self.companies, start=1):
            site = f"entreprise-echelle-{n:05d}.{EMAIL_DOMAIN}"
            contacts.append(self.contact(company, "Direction export", "Responsable export", f"export@{site}", 0.95))
            if rnd.random() < 0.35:
                contacts.append(
                    self.contact(company, "Direction commerciale", "Directeur commercial", f"ventes@{site}")
                )
            if rnd.random() < 0.30:
                contacts.append(
                    self.contact(company, "Affaires publiques", "Affaires publiques", f"affaires@{site}", receives=0)
                )
        self.contacts = self.writer.create(Contact, contacts)

    def contact(self, partner, name, role, email, receives=1.0):
        is_company = isinstance(partner, Company)
        return Contact(
            company=partner if is_company else None,
            grouping=None if is_company else partner,
            name=f"{name} {partner.name}",
            role=role,
            email=email,
            receives_opportunities=self.random.random() < receives,
        )

    def build_groupings(self):
        rnd, start = self.random, self.network.start
        groupings, domains = [], []
        for n in range(max(1, self.figure("groupings"))):
            groupings.append(
                Grouping(
                    name=f"Groupement {MARK} {n + 1:02d}",
                    referenced_on=start.replace(year=start.year - 3),
                    charter_accepted_on=start.replace(year=start.year - 3) + 30 * DAY,
                )
            )
            domains.append(rnd.sample(self.domains, min(len(self.domains), rnd.randint(1, 2))))
        self.groupings = self.writer.create(Grouping, groupings)
        self.writer.link(
            Grouping.domains,
            [(g.pk, domain.pk) for g, chosen in zip(self.groupings, domains, strict=True) for domain in chosen],
        )
        members = []
        for grouping, chosen in zip(self.groupings, domains, strict=True):
            fellows = [c.pk for c in self.companies if set(self.company_domains[c.pk]) & set(chosen)]
            members += [(grouping.pk, company) for company in rnd.sample(fellows, min(len(fellows), 40))]
        self.writer.link(Grouping.members, members)
        self.grouping_domains = {g.pk: chosen for g, chosen in zip(self.groupings, domains, strict=True)}
        self.contacts += self.writer.create(
            Contact,
            [
                self.contact(
                    g, "Secrétariat général", "Délégué export", f"export@groupement-echelle-{n + 1:02d}.{EMAIL_DOMAIN}"
                )
                for n, g in enumerate(self.groupings)
            ],
        )

    # Opportunities and their dissemination

    def eligible_by_domain(self):
        """{domain key: sorted [(eligible from, contact)]}: contacts receiving opportunities, of
        an active partner, from the day it accepted the charter (never before it was referenced)."""
        by_domain = {domain.pk: [] for domain in self.domains}
        for contact in self.contacts:
            partner = contact.company or contact.grouping
            if not (contact.receives_opportunities and partner.active and partner.charter_accepted_on):
                continue
            since = max(partner.referenced_on, partner.charter_accepted_on)
            chosen = self.company_domains[partner.pk] if contact.company else self.grouping_domains[partner.pk]
            for domain in chosen:
                by_domain[domain.pk].append((since, contact.pk, contact))
        for contacts in by_domain.values():
            contacts.sort(key=lambda item: item[:2])
        return by_domain

    def build_opportunities(self):
        rnd, network, today = self.random, self.network, self.today
        self.eligible = self.eligible_by_domain()
        # Sent by central staff: the first account of the group, if the demo made one.
        self.sender = get_user_model().objects.filter(groups__name=CENTRAL_GROUP).order_by("pk").first()
        names = dict(network.country_names())
        ssis = network.ssis
        batch = []
        for n in range(self.figure("opportunities")):
            ssi = rnd.choice(ssis)
            first, last = rnd.choice(list(ssi.periods(network.start, today)))
            signalled = random_date(rnd, first, last)
            code = ssi.country_on(signalled) or ssi.post.host_country_id
            domains = rnd.sample(self.domains, 1 if rnd.random() < 0.85 or len(self.domains) < 2 else 2)
            buyer = rnd.choice(BUYERS)
            opportunity = Opportunity(
                post=ssi.post,
                country_id=code,
                buyer=f"{buyer} — {names[code]}",
                title=f"{domains[0].name} — besoin de {buyer.lower()} ({MARK} {n + 1:05d})",
                description="Le service partenaire prévoit de moderniser ses équipements et sollicite "
                "des offres de fournisseurs français.",
                kind=rnd.choice(list(Opportunity.Kind)),
                estimated_value=50_000 * rnd.randint(1, 40),
                deadline=signalled + rnd.randint(45, 120) * DAY,
                source="Rencontre avec le service partenaire",
                signalled_on=signalled,
            )
            opportunity.scale_domains = domains
            opportunity.scale_sendings = self.advance(opportunity)
            batch.append(opportunity)
            if len(batch) == CHUNK:
                self.write_opportunities(batch)
                batch = []
        self.write_opportunities(batch)

    def advance(self, opportunity):
        """Its status, as the partnerships office took it along the workflow; the dates it
        was sent on and to whom."""
        rnd, today = self.random, self.today
        age = (today - opportunity.signalled_on).days
        if age < 15 and rnd.random() < 0.5:
            return []  # still signalled, awaiting the office
        if rnd.random() < 0.11:
            opportunity.status = Opportunity.Status.REJECTED
            opportunity.decision_reason = "Hors du champ du partenariat."
            return []
        opportunity.status = Opportunity.Status.VALIDATED
        if age < 20:
            return []
        sendings, reached = [], set()
        day = opportunity.signalled_on + 10 * DAY
        for again in (False, True):
            if again:  # sent again, now and then, to those who joined since
                if rnd.random() > 0.2:
                    break
                day += rnd.randint(20, 40) * DAY
            if day > min(opportunity.deadline, today):
                break
            contacts = [c for c in self.eligible_on(opportunity.scale_domains, day) if c.pk not in reached]
            if not contacts:
                break  # nobody new: the service sends nothing
            reached.update(c.pk for c in contacts)
            sendings.append((timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), contacts))
        if sendings:
            opportunity.status = (
                Opportunity.Status.CLOSED if opportunity.deadline < today else Opportunity.Status.DISSEMINATED
            )
        return sendings

    def eligible_on(self, domains, day):
        contacts = {}
        for domain in domains:
            eligible = self.eligible[domain.pk]
            for _, pk, contact in eligible[: bisect.bisect_right(eligible, (day, float("inf")))]:
                contacts[pk] = contact
        return sorted(contacts.values(), key=lambda contact: contact.pk)

    def write_opportunities(self, opportunities):
        opportunities = self.writer.create(Opportunity, opportunities)
        self.writer.link(
            Opportunity.domains,
            [(o.pk, domain.pk) for o in opportunities for domain in o.scale_domains],
        )
        sendings = [(o, sent_at, contacts) for o in opportunities for sent_at, contacts in o.scale_sendings]
        disseminations = self.writer.create(
            Dissemination,
            [Dissemination(opportunity=o, sent_at=sent_at, sent_by=self.sender) for o, sent_at, _ in sendings],
        )
        self.writer.create_values(
            Recipient,
            [
                {
                    "dissemination_id": dissemination.pk,
                    "contact_id": contact.pk,
                    "company_id": contact.company_id,
                    "grouping_id": contact.grouping_id,
                    "email": contact.email,
                    "sent_at": dissemination.sent_at,
                }
                for dissemination, (_, _, contacts) in zip(disseminations, sendings, strict=True)
                for contact in contacts
            ],
        )

    # Trade shows and assistance

    def build_trade_shows(self):
        rnd, network = self.random, self.network
        shows, links = [], []
        for n in range(self.figure("trade_shows")):
            start = random_date(rnd, network.start, self.today + 300 * DAY)
            host = rnd.choice(network.ssis)
            shows.append(
                TradeShow(
                    name=f"Salon {MARK} {n + 1:03d}",
                    start=start,
                    end=start + 3 * DAY,
                    city=host.post.city,
                    country_id=host.post.host_country_id,
                )
            )
            present = [c.pk for c in self.companies if c.referenced_on <= start]
            delegations = [ssi for ssi in rnd.sample(network.ssis, min(len(network.ssis), 6)) if ssi.is_open(start)]
            links.append((rnd.sample(present, min(len(present), 30)), delegations))
        shows = self.writer.create(TradeShow, shows)
        self.writer.link(
            TradeShow.companies,
            [(show.pk, company) for show, (present, _) in zip(shows, links, strict=True) for company in present],
        )
        self.writer.create(
            Delegation,
            [
                Delegation(
                    trade_show=show,
                    post=ssi.post,
                    country_id=ssi.country_on(show.start) or ssi.post.host_country_id,
                    service=f"Police nationale — délégation {MARK} {ssi.post.pk}",
                    people=rnd.randint(2, 8),
                )
                for show, (_, delegations) in zip(shows, links, strict=True)
                for ssi in delegations
            ],
        )

    def build_assistance(self):
        rnd, network, today = self.random, self.network, self.today
        posts = [post for post in network.posts if list(post.periods(network.start, today))]
        assistance = []
        for _ in range(self.figure("assistance")):
            post = rnd.choice(posts)
            first, last = rnd.choice(list(post.periods(network.start, today)))
            date = random_date(rnd, first, last)
            known = [c for c in self.companies if c.referenced_on <= date] or self.companies
            kind = rnd.choice(list(Assistance.Kind))
            assistance.append(
                Assistance(
                    company=rnd.choice(known),
                    post=post.post,
                    country_id=post.country_on(date) or post.post.host_country_id,
                    date=date,
                    kind=kind,
                    summary="Point de situation sécuritaire avant une mission commerciale."
                    if kind == Assistance.Kind.BRIEFING
                    else "Appui à l'entreprise auprès des autorités locales.",
                    closed=date < today - 60 * DAY,
                )
            )
        self.writer.create(Assistance, assistance)
