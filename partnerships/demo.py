"""The demo partnerships record (`manage.py seed_demo`): about 120 fictional companies, a
few groupings, opportunities over several years with their disseminations, the Milipol
shows, and posts' assistance to companies. Natural keys; a second run adds nothing."""

import datetime
import itertools
import random

from django.utils import timezone

from network.demo import demo_ssis

from . import services
from .data import DOMAINS
from .models import (
    Assistance,
    Company,
    Contact,
    Delegation,
    Domain,
    Grouping,
    Opportunity,
    TradeShow,
)

EMAIL_DOMAIN = "entreprise.example"
PREFIXES = "Securi Vigi Protec Cyber Opti Nova Alti Vector Lumen Hexa".split()
SUFFIXES = "tech sys force garde link vision lab ops net ix data tronic".split()
GROUPINGS = [
    ("Groupement des industriels de la sécurité", ["Vidéoprotection", "Contrôle aux frontières", "Véhicules"]),
    ("Alliance française de la cybersécurité", ["Cybersécurité", "Systèmes d'information et de commandement"]),
    ("Union des équipementiers de la sécurité civile", ["Sécurité civile et lutte contre l'incendie"]),
    ("Consortium identité et biométrie", ["Documents d'identité et biométrie", "Police technique et scientifique"]),
]
CITIES = ["Paris", "Lyon", "Toulouse", "Rennes", "Lille"]
BUYERS = [
    "Police nationale",
    "Garde nationale",
    "Protection civile",
    "Service des douanes",
    "Ministère de l'Intérieur",
]


def siren(seed):
    """A valid SIREN: eight digits from the seed, then the Luhn check digit."""
    digits = f"{(seed * 7_654_321) % 10**8:08d}"
    total = 0
    for position, digit in enumerate(reversed(digits + "0")):
        number = int(digit) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    return digits + str((10 - total % 10) % 10)


def load(today):
    Demo(today).load()


class Demo:
    def __init__(self, today):
        self.today = today
        self.random = random.Random(2028)
        # The reference domains only: the demo's records hang off them whatever else the
        # database holds (a scale data set's domains), so loading it again adds nothing.
        self.domains = list(Domain.objects.filter(name__in=DOMAINS).order_by("name"))
        self.posts = demo_ssis(today)

    def load(self):
        companies = self.load_companies()
        self.load_groupings(companies)
        self.load_opportunities()
        self.load_trade_shows(companies)
        self.load_assistance(companies)

    def load_companies(self):
        companies = []
        for n, (prefix, suffix) in enumerate(itertools.product(PREFIXES, SUFFIXES)):
            name = f"{prefix}{suffix.capitalize()}"
            company, created = Company.objects.get_or_create(
                siren=siren(n + 1),
                defaults={
                    "name": name,
                    "size": list(Company.Size)[n % 4],
                    "address": f"{1 + n % 90} rue de l'Industrie, {CITIES[n % len(CITIES)]}",
                    "website": f"https://www.{name.lower()}.example",
                    "referenced_on": datetime.date(2015 + n % 10, 1 + n % 12, 1),
                    # Most have signed the partnership charter; a few are no longer active.
                    "charter_accepted_on": None if n % 7 == 3 else datetime.date(2016 + n % 9, 1 + n % 12, 15),
                    "active": n % 23 != 5,
                },
            )
            if created:
                company.domains.set(
                    [self.domains[n % len(self.domains)], self.domains[(n * 5 + 3) % len(self.domains)]]
                )
                Contact.objects.create(
                    company=company,
                    name=f"Direction export {name}",
                    role="Responsable export",
                    email=f"export@{name.lower()}.{EMAIL_DOMAIN}",
                    receives_opportunities=n % 19 != 7,
                )
                if n % 3 == 0:
                    Contact.objects.create(
                        company=company,
                        name=f"Affaires publiques {name}",
                        role="Affaires publiques",
                        email=f"affaires.publiques@{name.lower()}.{EMAIL_DOMAIN}",
                        receives_opportunities=False,
                    )
            companies.append(company)
        return companies

    def load_groupings(self, companies):
        by_name = {domain.name: domain for domain in self.domains}
        for n, (name, domain_names) in enumerate(GROUPINGS):
            grouping, created = Grouping.objects.get_or_create(
                name=name,
                defaults={
                    "referenced_on": datetime.date(2014, 6, 1),
                    "charter_accepted_on": datetime.date(2015, 1, 15),
                },
            )
            if created:
                domains = [by_name[d] for d in domain_names]
                grouping.domains.set(domains)
                grouping.members.set([c for c in companies if set(c.domains.all()) & set(domains)][:15])
                Contact.objects.create(
                    grouping=grouping,
                    name="Secrétariat général",
                    role="Délégué export",
                    email=f"export@groupement{n + 1}.{EMAIL_DOMAIN}",
                )

    def load_opportunities(self):
        this_year = self.today.year
        for year in range(this_year - 2, this_year + 1):
            for n in range(40):
                post = self.posts[(n * 11 + year) % len(self.posts)]
                domain = self.domains[(n * 7 + year) % len(self.domains)]
                signalled = datetime.date(year, 1, 10) + datetime.timedelta(days=(n * 9) % 340)
                if signalled > self.today:
                    continue
                buyer = BUYERS[n % len(BUYERS)]
                title = f"{domain.name} — besoin de {buyer.lower()} ({post.host_country.name}) n° {n + 1}"
                opportunity, created = Opportunity.objects.get_or_create(
                    post=post,
                    title=title,
                    defaults={
                        "country": post.host_country,
                        "buyer": f"{buyer} — {post.host_country.name}",
                        "description": "Le service partenaire prévoit de moderniser ses équipements et sollicite "
                        "des offres de fournisseurs français.",
                        "kind": list(Opportunity.Kind)[n % 3],
                        "estimated_value": 50_000 * (1 + n % 20),
                        "deadline": signalled + datetime.timedelta(days=60 + n % 60),
                        "source": "Rencontre avec le service partenaire",
                        "signalled_on": signalled,
                    },
                )
                if not created:
                    continue
                opportunity.domains.set([domain])
                self.advance(opportunity, n)

    def advance(self, opportunity, n):
        """Take an opportunity along the workflow, as the partnerships office would have."""
        age = (self.today - opportunity.signalled_on).days
        if age < 15 and n % 2:
            return  # still signalled, awaiting the office
        if n % 9 == 4:
            services.decide(opportunity, Opportunity.Status.REJECTED, "Hors du champ du partenariat.")
            return
        services.decide(opportunity, Opportunity.Status.VALIDATED)
        if age < 20:
            return
        # Disseminated back then: record the recipients, without sending e-mails now.
        sent_at = timezone.make_aware(
            datetime.datetime.combine(opportunity.signalled_on + datetime.timedelta(days=10), datetime.time(10))
        )
        services.record_dissemination(opportunity, services.eligible_contacts(opportunity), sent_at=sent_at)
        opportunity.status = (
            Opportunity.Status.CLOSED if opportunity.deadline_passed else Opportunity.Status.DISSEMINATED
        )
        opportunity.save(update_fields=["status"])

    def load_trade_shows(self, companies):
        shows = [
            ("Milipol Paris", datetime.date(2023, 11, 14), "Villepinte", "FR"),
            ("Milipol Qatar", datetime.date(2024, 10, 29), "Doha", "QA"),
            ("Milipol Paris", datetime.date(2025, 11, 18), "Villepinte", "FR"),
            ("Milipol Qatar", datetime.date(2026, 10, 27), "Doha", "QA"),
        ]
        for n, (name, start, city, code) in enumerate(shows):
            show, created = TradeShow.objects.get_or_create(
                name=name,
                start=start,
                defaults={"end": start + datetime.timedelta(days=3), "city": city, "country_id": code},
            )
            if created:
                show.companies.set(companies[n * 7 :: 4][:30])
                for post in self.posts[n::9][:8]:
                    Delegation.objects.create(
                        trade_show=show,
                        post=post,
                        country=post.host_country,
                        service=f"Police nationale — {post.host_country.name}",
                        people=2 + (post.pk % 5),
                    )

    def load_assistance(self, companies):
        for n in range(30):
            post = self.posts[(n * 13) % len(self.posts)]
            date = datetime.date(2024, 9, 2) + datetime.timedelta(days=n * 25)
            Assistance.objects.get_or_create(
                company=companies[(n * 17) % len(companies)],
                post=post,
                date=date,
                defaults={
                    "country": post.host_country,
                    "kind": list(Assistance.Kind)[n % 4],
                    "summary": "Point de situation sécuritaire avant une mission commerciale.",
                    "closed": n > 3,
                },
            )
