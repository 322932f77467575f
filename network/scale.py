"""The network of the scale data set (`manage.py seed_scale`): posts and their life, their
competences, people and their postings, N times the real network's fifteen years.

The records are written in bulk (`dcis.bulk`), past `full_clean()` and the services' locks,
so the rules hold by the way they are built:

- Competence: one post per country at a date. The demo's posts cover their countries with no
  end, and there are only some 250 countries, so ten times the posts cannot each cover countries
  of their own. The scale SSIs share the countries that no post covers from the first season on
  (the ministry's own territory and uninhabited places left out): each such country passes
  from one scale SSI to the next on a 1 September, every two seasons (every season when there
  are more SSIs than such slots), as Ireland passes from London to Dublin. The periods of one
  country follow each other without a gap or an overlap; the last has no end. Antennas and
  liaison-officer posts cover no country (their SSI does).
- Posting: one person holds one posting at a time, a post has one ASI at a date. Each position
  of a post (the ASI, the deputy, a liaison officer…) has tours from a 1 September to the
  31 August of its cycle, one after the other, within the periods when the post is open; people
  are handed a new posting only after their last one ended. Short reinforcement missions (the
  directorate's pool of specialised liaison officers) come on top, never as ASI.
- Dates in order, choices from the models' lists, the database's check constraints: by
  construction, and `tests/test_seed_scale.py` runs the models' validation on a sample.

Names say what they are: "SSI échelle 0042", "ÉCHELLE 001234 Claire", "Ville échelle 0042".
"""

import datetime
import heapq
import math
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db.models import Q

from .data import demo as data
from .demo import season_start, slug
from .models import Competence, Country, Person, Post, Posting, PostStatusChange

MARK = "échelle"  # in the name of every post, person and city of the scale data set

# Factor 1: the real network's volume over fifteen years.
PER_FACTOR = {"posts": 80, "people": 3_100, "postings": 4_100}
YEARS = 15

HOME_ZONE = "France et outre-mer"  # the ministry's own territory: no post there
UNINHABITED = {"AQ", "BV", "GS", "HM", "IO", "UM"}

DAY = datetime.timedelta(days=1)


def random_date(rnd, first, last):
    """A day between `first` and `last`, both included."""
    return datetime.date.fromordinal(rnd.randint(first.toordinal(), last.toordinal()))


@dataclass
class Slot:
    """A country covered by a scale SSI from `start` to `end` (None: no end)."""

    country_id: str
    start: datetime.date
    end: datetime.date | None

    def covers(self, first, last):
        return self.start <= first and (self.end is None or last <= self.end)


@dataclass
class ScalePost:
    post: Post
    # Periods when the post is open: (first day, last day or None).
    open: list = field(default_factory=list)
    slots: list = field(default_factory=list)

    def periods(self, first, last):
        """The open periods clipped to [first, last]."""
        for start, end in self.open:
            start, end = max(start, first), min(end or last, last)
            if start <= end:
                yield start, end

    def is_open(self, day):
        return any(start <= day and (end is None or day <= end) for start, end in self.open)

    def country_on(self, day):
        """The country the post covers on a day, if any."""
        return next((slot.country_id for slot in self.slots if slot.covers(day, day)), None)


@dataclass
class Tour:
    """A posting to be: who holds it is decided once every tour is known (`hand_out`)."""

    start: datetime.date
    planned_end: datetime.date
    actual_end: datetime.date | None
    post: ScalePost
    role: str
    theme: str
    corps: str

    @property
    def ends(self):
        return self.actual_end or self.planned_end

    def order(self):
        return self.start, self.post.post.pk, self.role


class ScaleNetwork:
    def __init__(self, factor, writer, rnd, today):
        self.factor = factor
        self.writer = writer
        self.random = rnd
        self.today = today
        self.season = season_start(today).year
        self.first_season = self.season - YEARS
        self.start = datetime.date(self.first_season, 9, 1)
        self.ssis, self.antennas, self.liaison_posts = [], [], []
        self.heads = []  # (person id, first day, last day) of the heads of post: who attends events

    def figure(self, name):
        return round(PER_FACTOR[name] * self.factor)

    @property
    def posts(self):
        return [*self.ssis, *self.antennas, *self.liaison_posts]

    @staticmethod
    def country_names():
        return Country.objects.values_list("code", "name")

    def build(self):
        countries = self.free_countries()
        if not countries:
            raise CommandError(
                f"No country is free of competence since {self.start}: the scale network has none to cover."
            )
        self.build_posts(countries)
        self.build_status_changes()
        self.build_competences()
        self.build_postings()
        return self

    # Posts

    def free_countries(self):
        """Countries no post covers from the first season on, in a fixed shuffled order."""
        taken = Competence.objects.filter(Q(end__isnull=True) | Q(end__gte=self.start)).values("country")
        codes = list(
            Country.objects.exclude(pk__in=taken)
            .exclude(zone__name=HOME_ZONE)
            .exclude(pk__in=UNINHABITED)
            .order_by("code")
            .values_list("code", flat=True)
        )
        self.random.shuffle(codes)
        return codes

    def build_posts(self, countries):
        total = max(1, self.figure("posts"))
        n_ssi = max(1, round(0.6 * total))
        n_antennas = min(round(0.2 * total), total - n_ssi)
        n_liaison = total - n_ssi - n_antennas
        self.plan_slots(countries, n_ssi)
        ssis = []
        for i in range(n_ssi):
            number = i + 1
            host = self.slot_plan[i][0].country_id if self.slot_plan[i] else countries[i % len(countries)]
            ssis.append(self.new_post(Post.Kind.SSI, f"SSI {MARK} {number:04d}", number, host))
        ssis = self.writer.create(Post, ssis)
        self.ssis = [ScalePost(post, slots=slots) for post, slots in zip(ssis, self.slot_plan, strict=True)]
        others = []
        for i in range(n_antennas + n_liaison):
            number = n_ssi + i + 1
            parent = self.ssis[i % n_ssi].post
            if i < n_antennas:
                kind, name = Post.Kind.ANTENNA, f"Antenne {MARK} {number:04d}"
            else:
                kind, name = Post.Kind.LIAISON, f"Poste de liaison {MARK} {number:04d}"
            others.append(self.new_post(kind, name, number, countries[(i * 7 + 3) % len(countries)], parent))
        others = [ScalePost(post) for post in self.writer.create(Post, others)]
        self.antennas, self.liaison_posts = others[:n_antennas], others[n_antennas:]

    def new_post(self, kind, name, number, host, parent=None):
        return Post(
            name=name,
            kind=kind,
            parent=parent,
            host_country_id=host,
            city=f"Ville {MARK} {number:04d}",
            email=f"{slug(name)}@{data.EMAIL_DOMAIN}",
        )

    def plan_slots(self, countries, n_ssi):
        """Who covers which country when: each country's seasons cut into periods of two
        seasons (one when there are too many SSIs for that), handed out in turn, so that each
        SSI covers about one country for two seasons."""
        seasons = YEARS + 1
        length = 2 if len(countries) * seasons // 2 >= n_ssi else 1
        periods = seasons // length
        used = countries[: min(len(countries), math.ceil(n_ssi / periods))]
        self.slot_plan = [[] for _ in range(n_ssi)]
        for period in range(periods):
            start = datetime.date(self.first_season + period * length, 9, 1)
            end = None if period == periods - 1 else datetime.date(self.first_season + (period + 1) * length, 8, 31)
            for c, code in enumerate(used):
                slots = self.slot_plan[(period * len(used) + c) % n_ssi]
                if slots and slots[-1].country_id == code and slots[-1].end == start - DAY:
                    slots[-1].end = end  # the same post again: one competence, not two in a row
                else:
                    slots.append(Slot(code, start, end))

    # The life of posts

    def build_status_changes(self):
        rnd, changes = self.random, []
        last_opening = self.season - 1
        for i, ssi in enumerate(self.ssis):
            changes.append(PostStatusChange(post=ssi.post, status=Post.Status.OPEN, date=self.start))
            ssi.open = [(self.start, None)]
            if i % 12 == 7:  # a crisis or an expelled attaché: suspended, mostly reopened later
                suspended = random_date(rnd, self.start + 700 * DAY, self.today - 60 * DAY)
                note = rnd.choice(["Attaché expulsé", "Crise : personnel rappelé"])
                changes.append(
                    PostStatusChange(post=ssi.post, status=Post.Status.SUSPENDED, date=suspended, note=note)
                )
                ssi.open = [(self.start, suspended - DAY)]
                reopened = suspended + rnd.randint(180, 540) * DAY
                if reopened < self.today - 30 * DAY and i % 96 != 7:  # a few still are
                    changes.append(PostStatusChange(post=ssi.post, status=Post.Status.OPEN, date=reopened))
                    ssi.open.append((reopened, None))
        for i, post in enumerate(self.antennas + self.liaison_posts):
            if i % 20 == 9:  # announced, opening at the next rotation
                announced, opening = datetime.date(self.season, 1, 15), datetime.date(self.season + 1, 9, 1)
                note = "Ouverture prévue"
            else:
                opening = datetime.date(rnd.randint(self.first_season + 1, last_opening), 9, 1)
                announced, note = datetime.date(opening.year, 1, 15), ""
                post.open = [(opening, None)]
            changes.append(
                PostStatusChange(
                    post=post.post, status=Post.Status.PLANNED, date=announced, note="Annoncé au colloque"
                )
            )
            changes.append(PostStatusChange(post=post.post, status=Post.Status.OPEN, date=opening, note=note))
            if i % 10 == 4 and opening.year + 2 <= self.season:
                closed = datetime.date(rnd.randint(opening.year + 2, self.season), 9, 1)
                if closed <= self.today:
                    changes.append(
                        PostStatusChange(post=post.post, status=Post.Status.CLOSED, date=closed, note="Poste fermé")
                    )
                    post.open = [(opening, closed - DAY)]
        self.writer.create(PostStatusChange, changes)

    def build_competences(self):
        competences = [
            Competence(
                post=ssi.post,
                country_id=slot.country_id,
                kind=Competence.Kind.HOST
                if slot.country_id == ssi.post.host_country_id
                else Competence.Kind.EXTENSION,
                start=slot.start,
                end=slot.end,
            )
            for ssi in self.ssis
            for slot in ssi.slots
        ]
        self.writer.create(Competence, competences)

    # People and postings

    def positions(self):
        """(post, role, theme, corps, tour length in seasons) of every position of the scale network."""
        role, themes = Posting.Role, list(Posting.Theme)
        corps = ("police", "gendarmerie", "securite_civile")
        for i, ssi in enumerate(self.ssis):
            head = corps[i % 2]
            yield ssi, role.ASI, "", head, 4
            if i % 3 != 2:
                yield ssi, role.DEPUTY, "", corps[(i + 1) % 2], 4
            if i % 2 == 0:
                yield ssi, role.LIAISON_OFFICER, themes[i % len(themes)], head, 4
            if i % 5 == 0:
                yield ssi, role.LIAISON_OFFICER, themes[(i + 3) % len(themes)], corps[(i + 1) % 2], 4
            yield ssi, role.COOPERANT, "", corps[i % 3], 2
            if i % 3 == 0:
                yield ssi, role.COOPERANT, "", "securite_civile", 2
            if i % 4 == 1:
                yield ssi, role.EXPERT, "", "police", 2
            yield ssi, role.ASSISTANT, "", "other", 3
        for i, antenna in enumerate(self.antennas):
            yield antenna, role.ANTENNA_HEAD, "", corps[i % 2], 4
            if i % 2:
                yield antenna, role.ASSISTANT, "", "other", 3
        for i, post in enumerate(self.liaison_posts):
            yield post, role.LIAISON_OFFICER, themes[i % len(themes)], corps[i % 2], 4
            if i % 3 == 0:
                yield post, role.LIAISON_OFFICER, themes[(i + 2) % len(themes)], corps[(i + 1) % 2], 4

    def tours(self):
        """Every tour of every position: from a 1 September to the 31 August of its cycle,
        within the post's open periods, a few cut short."""
        rnd = self.random
        for index, (post, role, theme, corps, length) in enumerate(self.positions()):
            cycle = index * 3 % length
            for year in range(self.first_season - length + 1, self.season + 1):
                if (year - cycle) % length:
                    continue
                planned_end = datetime.date(year + length, 8, 31)
                for start, end in post.periods(datetime.date(year, 9, 1), planned_end):
                    if start > self.today:
                        continue
                    actual_end = end if end < planned_end else None
                    if actual_end is None and rnd.random() < 0.05:  # called back early
                        early = start + int((planned_end - start).days * rnd.uniform(0.3, 0.9)) * DAY
                        actual_end = early if early < self.today else None
                    if actual_end is None and planned_end < self.today:
                        actual_end = planned_end
                    yield Tour(start, planned_end, actual_end, post, role, theme, corps)

    def missions(self, count):
        """Short reinforcements (one to six months) of SSIs and antennas by liaison officers
        from the pool, or experts."""
        rnd, themes = self.random, list(Posting.Theme)
        hosts = [*self.ssis, *self.antennas]
        weights = [3 if post.post.kind == Post.Kind.SSI else 1 for post in hosts]
        horizon = self.today + 90 * DAY
        made = 0
        while made < count:
            post = rnd.choices(hosts, weights)[0]
            periods = list(post.periods(self.start, horizon))
            if not periods:
                continue
            first, last = rnd.choice(periods)
            start = random_date(rnd, first, last)
            planned_end = min(start + rnd.randint(30, 180) * DAY, last if last < horizon else start + 180 * DAY)
            expert = rnd.random() < 0.2
            yield Tour(
                start,
                planned_end,
                planned_end if planned_end < self.today else None,
                post,
                Posting.Role.EXPERT if expert else Posting.Role.LIAISON_OFFICER,
                "" if expert else rnd.choice(themes),
                rnd.choice(["police", "gendarmerie"]),
            )
            made += 1

    def build_postings(self):
        tours = sorted(self.tours(), key=Tour.order)
        target = self.figure("postings")
        # The tours make a bit less than half the postings; missions, the rest (the oldest
        # tours would go first if there were ever more of them).
        tours = tours[max(0, len(tours) - target) :]
        tours.extend(self.missions(target - len(tours)))
        tours.sort(key=Tour.order)
        holders = self.hand_out(tours)
        for chunk in range(0, len(tours), 10_000):
            postings = [
                Posting(
                    person_id=holders[n].pk,
                    post=tour.post.post,
                    role=tour.role,
                    theme=tour.theme,
                    start=tour.start,
                    planned_end=tour.planned_end,
                    actual_end=tour.actual_end,
                )
                for n, tour in enumerate(tours[chunk : chunk + 10_000], start=chunk)
            ]
            self.writer.create(Posting, postings)
        head_roles = {Posting.Role.ASI, Posting.Role.ANTENNA_HEAD}
        self.heads = [
            (holders[n].pk, tour.start, tour.ends) for n, tour in enumerate(tours) if tour.role in head_roles
        ]

    def hand_out(self, tours):
        """The person holding each tour (in order of start): someone new, or someone of the same
        corps whose last posting ended before it starts, as often as the target number of people
        asks."""
        rnd, target = self.random, self.figure("people")
        free = {}  # corps: heap of (free from, number)
        people, holders = [], []
        for n, tour in enumerate(tours):
            available = free.setdefault(tour.corps, [])
            reuse = len(people) >= round((n + 1) * target / len(tours))
            if reuse and available and available[0][0] < tour.start:
                _, number = heapq.heappop(available)
            else:
                number = len(people)
                people.append(self.new_person(number + 1, tour, rnd))
            holders.append(number)
            heapq.heappush(available, (tour.ends, number))
        for chunk in range(0, len(people), 10_000):
            self.writer.create(Person, people[chunk : chunk + 10_000])
        return [people[number] for number in holders]

    @staticmethod
    def new_person(number, tour, rnd):
        first_name = rnd.choice(data.FIRST_NAMES)
        head = tour.role in (Posting.Role.ASI, Posting.Role.ANTENNA_HEAD)
        grades = data.HEAD_GRADES if head and tour.corps in data.HEAD_GRADES else data.STAFF_GRADES
        return Person(
            first_name=first_name,
            last_name=f"{MARK.capitalize()} {number:06d}",
            corps=tour.corps,
            grade=rnd.choice(grades[tour.corps]),
            email=f"{slug(first_name)}.echelle{number:06d}@{data.EMAIL_DOMAIN}",
            languages=", ".join(rnd.sample(data.LANGUAGES, 2)),
        )


def scale_posts():
    """The posts of a scale data set already loaded."""
    return Post.objects.filter(name__contains=f" {MARK} ")
