"""The cooperation record of the scale data set (`manage.py seed_scale`): technical actions,
operational requests, agreements and events of the scale network (`network.scale`).

Written in bulk, past `full_clean()` and `services.save_action`; the rules hold by construction:
an action's dates and its beneficiary country lie within one competence of its SSI while the
post is open (so no central confirmation is needed), an action carried out is in the past
with its actual dates, EU or donor funding names its programme, a request is answered after
it was received and never in the future, its outcome matches, its reference is its own.
"""

from network.models import Country, Post, Zone
from network.scale import DAY, MARK, random_date

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

PER_FACTOR = {"actions": 40_600, "requests": 2_260, "agreements": 15, "events": 135}
CHUNK = 10_000  # actions written at a time

# How actions go: lengths in days, statuses of past and coming ones, funding, place, rating
# (cumulative weights, for `random.choices`).
DURATIONS = [0, 1, 2, 2, 3, 4, 4, 4, 9]
PAST_STATUSES, PAST_WEIGHTS = [Action.Status.DONE, Action.Status.CANCELLED, Action.Status.POSTPONED], [85, 92, 100]
COMING_STATUSES = [Action.Status.SCHEDULED, Action.Status.SCHEDULED, Action.Status.DRAFT]
FUNDINGS = [Action.Funding.MINISTRY, Action.Funding.MEAE, Action.Funding.EU, Action.Funding.OTHER]
FUNDING_WEIGHTS = [55, 80, 92, 100]
PROGRAMMES = {
    Action.Funding.EU: ["EL PAcCTO", "EUROFRONT", "SEACOP", "CT JUST", "GAR-SI Sahel"],
    Action.Funding.OTHER: ["Banque mondiale", "ONUDC", "Interpol", "OSCE"],
}
PLACES = [Action.Place.PARTNER] * 17 + [Action.Place.THIRD] * 2 + [Action.Place.FRANCE]
RATINGS = [2] + [3] * 6 + [4] * 9 + [5] * 4


class ScaleCooperation:
    def __init__(self, network, writer, rnd):
        self.network = network
        self.writer = writer
        self.random = rnd
        self.today = network.today
        self.horizon = network.today + 180 * DAY  # actions are planned up to six months ahead
        self.themes = list(Theme.objects.filter(active=True).order_by("name"))
        self.directorates = list(Directorate.objects.filter(active=True).order_by("acronym"))
        self.services = list(RequestingService.objects.filter(active=True).order_by("acronym"))
        self.directorate_keys = [directorate.pk for directorate in self.directorates]
        self.kinds = list(Action.Kind)
        self.kind_labels = {kind: str(kind.label).capitalize() for kind in self.kinds}
        self.serial = 0

    def figure(self, name):
        return round(PER_FACTOR[name] * self.network.factor)

    def build(self):
        self.build_actions()
        self.build_requests()
        self.build_agreements()
        self.build_events()

    def some(self, items, most=2, one=0.7):
        """One item, sometimes up to `most`, distinct."""
        count = 1 if self.random.random() < one else self.random.randint(2, most)
        return self.random.sample(items, min(count, len(items)))

    # Technical actions

    def segments(self):
        """(SSI, country, first day, last day): a competence of a scale SSI while the post is open."""
        for ssi in self.network.ssis:
            for slot in ssi.slots:
                last = min(slot.end or self.horizon, self.horizon)
                for first, end in ssi.periods(max(slot.start, self.network.start), last):
                    yield ssi, slot.country_id, first, end

    def build_actions(self):
        segments = list(self.segments())
        days = [(last - first).days + 1 for _, _, first, last in segments]
        total, target = sum(days), self.figure("actions")
        batch, links, placed, share = [], [], 0, 0.0
        for segment, length in zip(segments, days, strict=True):
            share += target * length / total
            count, placed = round(share) - placed, round(share)
            for _ in range(count):
                values, linked = self.action(*segment)
                batch.append(values)
                links.append(linked)
                if len(batch) == CHUNK:
                    self.write_actions(batch, links)
                    batch, links = [], []
        self.write_actions(batch, links)

    def action(self, ssi, country, first, last):
        """The values of an action of `ssi` in `country` between `first` and `last`, and its
        (themes, countries, French contributors)."""
        rnd, today = self.random, self.today
        themes = self.some(self.themes)
        length = min(rnd.choice(DURATIONS), (last - first).days)
        start = random_date(rnd, first, last - length * DAY)
        end = start + length * DAY
        kind = rnd.choice(self.kinds)
        if end < today:
            status = rnd.choices(PAST_STATUSES, cum_weights=PAST_WEIGHTS)[0]
        elif start > today:
            status = rnd.choice(COMING_STATUSES)
        else:
            status = Action.Status.SCHEDULED
        done = status == Action.Status.DONE
        funding = rnd.choices(FUNDINGS, cum_weights=FUNDING_WEIGHTS)[0]
        cost = 1_500 + rnd.randrange(48) * 500
        self.serial += 1
        return {
            "post_id": ssi.post.pk,
            "title": f"{self.kind_labels[kind]} — {themes[0].name.lower()} ({MARK} {self.serial:06d})",
            "kind": kind,
            "place": Action.Place.FRANCE if kind == Action.Kind.VISIT else rnd.choice(PLACES),
            "planned_start": start,
            "planned_end": end,
            "actual_start": start if done else None,
            "actual_end": end if done else None,
            "status": status,
            "foreign_participants": rnd.randint(4, 40),
            "french_experts": rnd.randint(1, 4),
            "funding": funding,
            "funding_programme": rnd.choice(PROGRAMMES[funding]) if funding in PROGRAMMES else "",
            "planned_cost": cost,
            "actual_cost": cost * rnd.randint(85, 115) // 100 if done else None,
            "rating": rnd.choice(RATINGS) if done else None,
            "evaluation": "Objectifs atteints ; partenaires demandeurs d'une suite."
            if done and rnd.random() < 0.3
            else "",
            "expected_return": "Meilleure coopération opérationnelle avec les services partenaires.",
        }, ([theme.pk for theme in themes], [country], self.some(self.directorate_keys, one=0.8))

    def write_actions(self, actions, links):
        keys = self.writer.create_values(Action, actions)
        themes, countries, directorates = [], [], []
        for key, (action_themes, action_countries, action_directorates) in zip(keys, links, strict=True):
            themes += [(key, theme) for theme in action_themes]
            countries += [(key, code) for code in action_countries]
            directorates += [(key, directorate) for directorate in action_directorates]
        self.writer.link(Action.themes, themes)
        self.writer.link(Action.countries, countries)
        self.writer.link(Action.directorates, directorates)

    # Operational requests

    def build_requests(self):
        rnd, today, network = self.random, self.today, self.network
        posts = [post for post in network.posts if list(post.periods(network.start, today))]
        weights = [3 if post.post.kind == Post.Kind.SSI else 1 for post in posts]
        requests, themes = [], []
        for n in range(self.figure("requests")):
            post = rnd.choices(posts, weights)[0]
            first, last = rnd.choice(list(post.periods(network.start, today)))
            received = random_date(rnd, first, last)
            # Most within a fortnight, a long tail of hard cases (as the demo).
            answered = received + int(rnd.lognormvariate(2.3, 0.8)) * DAY
            answered = answered if answered <= today else None
            kind = rnd.choice(list(OperationalRequest.Kind))
            if answered is None:
                outcome = OperationalRequest.Outcome.PENDING
            elif kind == OperationalRequest.Kind.LOCATION and rnd.random() < 0.66:
                outcome = OperationalRequest.Outcome.LOCATED
            else:
                outcome = rnd.choice(
                    [
                        OperationalRequest.Outcome.ANSWERED,
                        OperationalRequest.Outcome.ANSWERED,
                        OperationalRequest.Outcome.NO_RESULT,
                        OperationalRequest.Outcome.DECLINED,
                    ]
                )
            requests.append(
                OperationalRequest(
                    post=post.post,
                    service=rnd.choice(self.services),
                    reference=f"ECH/{received.year}/{n + 1:06d}",
                    kind=kind,
                    country_id=post.country_on(received) or post.post.host_country_id,
                    received_on=received,
                    answered_on=answered,
                    outcome=outcome,
                )
            )
            themes.append(self.some(self.themes))
        requests = self.writer.create(OperationalRequest, requests)
        self.writer.link(
            OperationalRequest.themes,
            [(request.pk, theme.pk) for request, chosen in zip(requests, themes, strict=True) for theme in chosen],
        )

    # Agreements

    def build_agreements(self):
        rnd, today = self.random, self.today
        slots = [(ssi, slot) for ssi in self.network.ssis for slot in ssi.slots if slot.start <= today]
        agreements, links = [], []
        for n in range(self.figure("agreements") if slots else 0):
            ssi, slot = rnd.choice(slots)
            signed = random_date(rnd, slot.start, min(slot.end or today, today))
            status = rnd.choices(list(Agreement.Status), [10, 15, 50, 15, 10])[0]
            kind = rnd.choice(list(Agreement.Kind))
            in_force_from = in_force_until = None
            if status == Agreement.Status.NEGOTIATION:
                signed = None
            elif status != Agreement.Status.SIGNED:
                in_force_from = signed + rnd.randint(0, 90) * DAY
            if status in (Agreement.Status.EXPIRED, Agreement.Status.DENOUNCED):
                in_force_until = in_force_from + rnd.randint(365, 5 * 365) * DAY
                if in_force_until > today:  # not over yet
                    status, in_force_until = Agreement.Status.IN_FORCE, None
            agreements.append(
                Agreement(
                    kind=kind,
                    title=f"{str(kind.label).capitalize()} de coopération de sécurité ({MARK} {n + 1:04d})",
                    french_signatories="Le directeur de la coopération internationale de sécurité",
                    foreign_signatories="Le directeur général de la police" if signed else "",
                    signed_on=signed,
                    in_force_from=in_force_from,
                    in_force_until=in_force_until,
                    status=status,
                    post=ssi.post,
                )
            )
            links.append((slot.country_id, self.some(self.themes)))
        agreements = self.writer.create(Agreement, agreements)
        self.writer.link(Agreement.countries, [(a.pk, code) for a, (code, _) in zip(agreements, links, strict=True)])
        self.writer.link(
            Agreement.themes,
            [(a.pk, theme.pk) for a, (_, themes) in zip(agreements, links, strict=True) for theme in themes],
        )

    # Events

    def build_events(self):
        rnd, network = self.random, self.network
        zones = dict(Country.objects.values_list("code", "zone"))
        zones_by_pk = {zone.pk: zone for zone in Zone.objects.all()}
        heads = {}
        for person, first, last in network.heads:
            for year in range(first.year, last.year + 1):
                heads.setdefault(year, []).append((person, first, last))
        events, participants, partners = [], [], []
        for n in range(self.figure("events")):
            start = random_date(rnd, network.start, self.today + 120 * DAY)
            covering = [(ssi, ssi.country_on(start)) for ssi in network.ssis]
            covering = [(ssi, code) for ssi, code in covering if code]
            ssi, code = rnd.choice(covering) if covering else (rnd.choice(network.ssis), None)
            code = code or ssi.post.host_country_id
            kind = rnd.choices([Event.Kind.REGIONAL_SEMINAR, Event.Kind.CONFERENCE, Event.Kind.FORUM], [70, 20, 10])[0]
            theme = rnd.choice(self.themes)
            events.append(
                Event(
                    kind=kind,
                    title=f"{str(kind.label).capitalize()} — {theme.name.lower()} ({MARK} {n + 1:05d})",
                    theme=theme,
                    zone=zones_by_pk.get(zones[code]),
                    host_country_id=code,
                    city=ssi.post.city,
                    start=start,
                    end=start + rnd.randint(0, 3) * DAY,
                    post=ssi.post if rnd.random() < 0.8 else None,
                )
            )
            serving = [person for person, first, last in heads.get(start.year, []) if first <= start <= last]
            participants.append(rnd.sample(serving, min(len(serving), rnd.randint(5, 15))))
            partners.append(rnd.sample(list(EventPartner.Kind), rnd.randint(1, 3)))
        events = self.writer.create(Event, events)
        self.writer.link(
            Event.participants,
            [(event.pk, person) for event, people in zip(events, participants, strict=True) for person in people],
        )
        self.writer.create(
            EventPartner,
            [
                EventPartner(event=event, kind=kind, count=rnd.randint(1, 12))
                for event, kinds in zip(events, partners, strict=True)
                for kind in kinds
            ],
        )
