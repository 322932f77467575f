"""The demo cooperation record (`manage.py seed_demo`): several years of plausible records.

About 2,000 technical actions a year across the network, operational requests with
realistic response times, the agreements the directorate cites, the regional seminars
and the annual colloquia. Records are keyed by natural keys and only missing ones are
created, so a second run adds nothing.
"""

import datetime
import random

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history

from network.demo import demo_ssis
from network.models import Competence, Person, Post, Posting, Zone

from . import services
from .models import (
    Action,
    Agreement,
    Directorate,
    Event,
    EventPartner,
    OperationalRequest,
    RequestingService,
    Theme,
)

YEARS = 3  # the last three years, this one included
ACTIONS_A_YEAR = 2000
REQUESTS_A_YEAR = 900

SEMINARS = {
    "Indo-Pacifique": ("Singapour", "SG", "Cybercriminalité"),
    "Amériques": ("Bogota", "CO", "Trafic de stupéfiants"),
    "Europe": ("Rome", "IT", "Immigration irrégulière et filières de passeurs"),
    "Balkans-Europe": ("Zagreb", "HR", "Criminalité organisée"),
    "Afrique du Nord": ("Tunis", "TN", "Terrorisme"),
    "Moyen-Orient": ("Amman", "JO", "Terrorisme"),
    "Afrique de l'Est": ("Nairobi", "KE", "Criminalité environnementale"),
    "Afrique de l'Ouest": ("Dakar", "SN", "Trafic de stupéfiants"),
}


def load(today):
    Demo(today).load()


class Demo:
    def __init__(self, today):
        self.today = today
        self.this_year = today.year
        self.random = random.Random(2016)
        self.posts = demo_ssis(today)
        self.themes = list(Theme.objects.order_by("name"))
        self.directorates = list(Directorate.objects.order_by("acronym"))
        self.services = list(RequestingService.objects.order_by("acronym"))
        self.coverage = {}
        for competence in Competence.objects.filter(post__in=self.posts).select_related("country"):
            self.coverage.setdefault(competence.post_id, []).append(competence)

    def load(self):
        self.load_actions()
        self.load_requests()
        self.load_agreements()
        self.load_events()

    def countries_of(self, post, on):
        return [c.country for c in self.coverage.get(post.pk, []) if c.start <= on and (c.end is None or c.end >= on)]

    # Technical actions

    def load_actions(self):
        existing = set(Action.objects.values_list("post_id", "title", "planned_start"))
        actions, themes, countries, directorates = [], [], [], []
        for year in range(self.this_year - YEARS + 1, self.this_year + 1):
            for n in range(ACTIONS_A_YEAR):
                post = self.posts[n % len(self.posts)]
                start = datetime.date(year, 1, 1) + datetime.timedelta(days=(n * 7919) % 360)
                end = start + datetime.timedelta(days=1 + n % 5)
                theme = self.themes[(n * 31 + year) % len(self.themes)]
                kind = list(Action.Kind)[(n * 13 + year) % (len(Action.Kind) - 1)]
                title = f"{kind.label.capitalize()} — {theme.name.lower()} n° {n // len(self.posts) + 1}"
                if (post.pk, title, start) in existing:
                    continue
                where = self.countries_of(post, start) or [post.host_country]
                done = end < self.today and n % 11 != 0
                status = (
                    Action.Status.DONE
                    if done
                    else Action.Status.CANCELLED
                    if end < self.today
                    else Action.Status.SCHEDULED
                )
                funding = list(Action.Funding)[n % 7 % 4]
                cost = 1500 + (n * 37) % 40 * 500
                action = Action(
                    post=post,
                    title=title,
                    kind=kind,
                    place=Action.Place.FRANCE if kind == Action.Kind.VISIT else Action.Place.PARTNER,
                    planned_start=start,
                    planned_end=end,
                    actual_start=start if done else None,
                    actual_end=end if done else None,
                    status=status,
                    foreign_participants=5 + (n * 17) % 30,
                    french_experts=1 + n % 4,
                    funding=funding,
                    funding_programme={"ue": "EL PAcCTO", "autre": "Banque mondiale"}.get(funding, ""),
                    planned_cost=cost,
                    actual_cost=cost * (90 + n % 25) // 100 if done else None,
                    rating=3 + n % 3 if done else None,
                    expected_return="Meilleure coopération opérationnelle avec les services partenaires.",
                )
                country = where[n % len(where)]
                try:  # the rule the pages apply: nobody confirms a country outside the competence here
                    services.outside_competence_confirmation(action, [country], user=None)
                except ValidationError:
                    continue
                actions.append(action)
                themes.append([theme])
                countries.append([country])
                directorates.append([self.directorates[n % 3]])
        created = bulk_create_with_history(actions, Action, batch_size=500)
        for field, target, values in (
            ("themes", "theme_id", themes),
            ("countries", "country_id", countries),
            ("directorates", "directorate_id", directorates),
        ):
            through = getattr(Action, field).through
            through.objects.bulk_create(
                [
                    through(action_id=action.pk, **{target: item.pk})
                    for action, items in zip(created, values, strict=True)
                    for item in items
                ],
                batch_size=1000,
            )

    # Operational requests

    def load_requests(self):
        existing = set(OperationalRequest.objects.values_list("service_id", "reference"))
        requests, themes = [], []
        for year in range(self.this_year - YEARS + 1, self.this_year + 1):
            for n in range(REQUESTS_A_YEAR):
                service = self.services[(n * 7) % len(self.services)]
                reference = f"{year}/{service.acronym[:4].upper()}/{n:04}"
                if (service.pk, reference) in existing:
                    continue
                received = datetime.date(year, 1, 1) + datetime.timedelta(days=(n * 389) % 364)
                if received > self.today:
                    continue
                # Response times: most within a fortnight, a long tail of hard cases.
                days = int(self.random.lognormvariate(2.3, 0.8))
                answered = received + datetime.timedelta(days=days)
                if answered > self.today:
                    answered = None
                post = self.posts[(n * 5) % len(self.posts)]
                kind = list(OperationalRequest.Kind)[n % len(OperationalRequest.Kind)]
                outcome = (
                    OperationalRequest.Outcome.PENDING
                    if answered is None
                    else (
                        OperationalRequest.Outcome.LOCATED
                        if kind == OperationalRequest.Kind.LOCATION and n % 3
                        else list(OperationalRequest.Outcome)[1 + n % 4]
                    )
                )
                requests.append(
                    OperationalRequest(
                        post=post,
                        service=service,
                        reference=reference,
                        kind=kind,
                        country=post.host_country,
                        received_on=received,
                        answered_on=answered,
                        outcome=outcome,
                    )
                )
                themes.append(self.themes[(n * 3) % len(self.themes)])
        created = bulk_create_with_history(requests, OperationalRequest, batch_size=500)
        through = OperationalRequest.themes.through
        through.objects.bulk_create(
            [
                through(operationalrequest_id=request.pk, theme_id=theme.pk)
                for request, theme in zip(created, themes, strict=True)
            ],
            batch_size=1000,
        )

    # Agreements

    def load_agreements(self):
        singapore = Post.objects.get(name="SSI Singapour")
        cited = [
            (
                "Lettre d'intention relative à la coopération en matière de sécurité civile",
                2011,
                "SG",
                "Sécurité civile et gestion de crise",
            ),
            (
                "Lettre d'intention relative à la coopération en matière de sécurité intérieure",
                2013,
                "SG",
                "Criminalité organisée",
            ),
        ]
        others = [
            (
                f"Arrangement technique de coopération policière — {post.host_country.name}",
                2014 + i % 10,
                post.host_country.code.code,
                self.themes[i % len(self.themes)].name,
            )
            for i, post in enumerate(self.posts[::6])
        ]
        for i, (title, year, code, theme) in enumerate(cited + others):
            post = singapore if code == "SG" else next(p for p in self.posts if p.host_country.code == code)
            agreement, created = Agreement.objects.get_or_create(
                title=title,
                defaults={
                    "kind": Agreement.Kind.LETTER_OF_INTENT if i < 2 else Agreement.Kind.TECHNICAL,
                    "status": Agreement.Status.IN_FORCE,
                    "signed_on": datetime.date(year, 3 + i % 8, 10),
                    "in_force_from": datetime.date(year, 3 + i % 8, 10),
                    "french_signatories": "Le ministre de l'Intérieur"
                    if i < 2
                    else "Le directeur de la coopération internationale de sécurité",
                    "foreign_signatories": "Le ministre des Affaires intérieures"
                    if i < 2
                    else "Le directeur général de la police",
                    "post": post,
                },
            )
            if created:
                agreement.countries.set([post.host_country])
                agreement.themes.set(Theme.objects.filter(name=theme))

    # Events

    def load_events(self):
        zones = {zone.name: zone for zone in Zone.objects.filter(name__in=SEMINARS)}
        themes = {theme.name: theme for theme in self.themes}
        posts = {post.city: post for post in self.posts}
        people = list(
            Person.objects.filter(postings__in=Posting.objects.current(self.today).filter(role=Posting.Role.ASI))
        )
        for year in range(self.this_year - YEARS, self.this_year + 1):
            # The colloquium, last week of August, before the rotation.
            start = datetime.date(year, 8, 25)
            colloquium, created = Event.objects.get_or_create(
                title=f"{year - 2020}e colloque annuel du réseau DCIS" if year > 2021 else f"Colloque annuel {year}",
                defaults={
                    "kind": Event.Kind.COLLOQUIUM,
                    "host_country_id": "FR",
                    "city": "Paris",
                    "start": start,
                    "end": start + datetime.timedelta(days=2),
                },
            )
            if created:
                colloquium.participants.set(people)
            for i, (zone_name, (city, code, theme)) in enumerate(SEMINARS.items()):
                start = datetime.date(year, 3 + i, 10 + i)
                if start > self.today + datetime.timedelta(days=180):
                    continue
                seminar, created = Event.objects.get_or_create(
                    title=f"Séminaire régional {zone_name} {year}",
                    defaults={
                        "kind": Event.Kind.REGIONAL_SEMINAR,
                        "theme": themes[theme],
                        "zone": zones[zone_name],
                        "host_country_id": code,
                        "city": city,
                        "start": start,
                        "end": start + datetime.timedelta(days=2),
                        "post": posts.get(city),
                    },
                )
                if created:
                    seminar.participants.set(people[i::8][:8])
                    EventPartner.objects.bulk_create(
                        [
                            EventPartner(event=seminar, kind=EventPartner.Kind.MAGISTRATE, count=2),
                            EventPartner(event=seminar, kind=EventPartner.Kind.CUSTOMS, count=1),
                            EventPartner(
                                event=seminar, kind=EventPartner.Kind.FOREIGN, name="Services partenaires", count=12
                            ),
                        ]
                    )
