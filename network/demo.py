"""Load the demo network (`manage.py seed_demo`): idempotent, anchored on today's date.

Every record is found by its natural key and written only when it differs, so a
second run changes nothing, not even the history. Dates follow the rotation: tours
last four years from a 1 September, each position on its own four-year cycle; who
holds a tour depends only on the position and the year, so a run in a later season
extends the same history instead of inventing another.
"""

import datetime
import itertools
import random
import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from dcis.access import CENTRAL_GROUP, READ_ONLY_GROUP

from . import services
from .data import demo as data
from .models import Competence, Country, Objective, ObjectivesLetter, Person, Post, Posting, PostStatusChange, Priority

NETWORK_CREATED = datetime.date(2010, 9, 1)  # the DCI, heir of the SCTIP, opened its posts
ANTENNAS_OPENED = datetime.date(2016, 9, 1)
YEARS_OF_HISTORY = 8


def upsert(model, keys, values=None, validate=False):
    """The record with these keys, created or brought up to date; saved only if it changes.

    `validate`: the record goes through the model's rules (`full_clean`) as a page's would.
    """
    values = values or {}
    record = model._base_manager.filter(**keys).first()
    if record is None:
        record = model(**keys, **values)
        changed = ["*"]
    else:
        changed = [name for name, value in values.items() if getattr(record, name) != value]
        for name in changed:
            setattr(record, name, values[name])
    if changed:
        if validate:
            record.full_clean()
        record.save(**({} if record._state.adding else {"update_fields": changed}))
    return record, bool(changed)


def demo_ssis(today):
    """The demo's open SSIs, by name: whatever else the database holds (a scale data set,
    real posts), the demo's records hang off these alone, so loading it again adds nothing."""
    names = [f"SSI {city}" for city, *_ in data.SSIS]
    return list(Post.objects.filter(kind=Post.Kind.SSI, name__in=names).open(today).order_by("name"))


def season_start(today):
    """The 1 September that opened the current rotation season."""
    return datetime.date(today.year if today >= datetime.date(today.year, 9, 1) else today.year - 1, 9, 1)


def slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in ascii_text.lower()).strip("-")


class DemoNetwork:
    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self.season = season_start(self.today).year
        self.opening = datetime.date(self.season + 1, 9, 1)  # the planned posts open next rotation
        self.countries = {c.code.code: c for c in Country.objects.all()}
        self.posts = {}

    def load(self):
        self.load_posts()
        self.load_competences()
        self.load_people()
        self.load_letters()
        self.load_accounts()

    # Posts and their life

    def post(self, name, kind, city, code, first_status, parent=None, email=None):
        """The post, created with its first (status, date) as the pages create it, or brought up to date."""
        values = {
            "kind": kind,
            "city": city,
            "host_country": self.countries[code],
            "parent": parent,
            "email": email or f"{slug(name)}@{data.EMAIL_DOMAIN}",
        }
        if Post.objects.filter(name=name).exists():
            post, _ = upsert(Post, {"name": name}, values)
        else:
            post = services.create_post(Post(name=name, **values), *first_status)
        self.posts[name] = post
        return post

    def status(self, post, status, date, note=""):
        upsert(PostStatusChange, {"post": post, "date": date}, {"status": status, "note": note})

    def load_posts(self):
        open_ = Post.Status.OPEN
        for city, code, _ in data.SSIS:
            post = self.post(f"SSI {city}", Post.Kind.SSI, city, code, (open_, self.ssi_opening(city)))
            self.status(post, open_, self.ssi_opening(city))
        riga = self.post("SSI Riga", Post.Kind.SSI, "Riga", "LV", (open_, datetime.date(1992, 9, 1)))
        self.status(riga, open_, datetime.date(1992, 9, 1))
        self.status(riga, Post.Status.CLOSED, datetime.date(2015, 9, 1), "Poste fermé")
        for city, code, parent_city in data.ANTENNAS:
            parent = self.posts[f"SSI {parent_city}"]
            first = (open_, self.antenna_opening(parent))
            antenna = self.post(f"Antenne de {city}", Post.Kind.ANTENNA, city, code, first, parent)
            self.status(antenna, open_, self.opened(antenna))
        for name, kind, city, code, parent, _ in data.PLANNED:
            announced = datetime.date(self.season - 1, 1, 15)
            parent = self.posts[f"SSI {parent}"] if parent else None
            post = self.post(name, kind, city, code, (Post.Status.PLANNED, announced), parent)
            self.status(post, Post.Status.PLANNED, announced, "Annoncé au colloque")
            self.status(post, open_, self.opening, "Ouverture prévue")
            # The planned dates follow the season: drop those of an earlier run.
            post.status_changes.exclude(date__in=[announced, self.opening]).delete()

    @staticmethod
    def ssi_opening(city):
        return datetime.date(2022, 5, 1) if city == "Vilnius" else NETWORK_CREATED

    def opened(self, post):
        """When a post opened."""
        return self.ssi_opening(post.city) if post.kind == Post.Kind.SSI else self.antenna_opening(post.parent)

    def antenna_opening(self, parent):
        """No antenna before the post it answers to."""
        return max(ANTENNAS_OPENED, self.opened(parent) + datetime.timedelta(days=123))

    # Competences

    def competence(self, post, code, kind, start, end=None):
        upsert(
            Competence,
            {"post": post, "country": self.countries[code], "start": start},
            {"kind": kind, "end": end},
            validate=True,
        )

    def load_competences(self):
        host, extension = Competence.Kind.HOST, Competence.Kind.EXTENSION
        moves = {move[0]: (name, move[1]) for name, *_, move in data.PLANNED if move}
        before_opening = self.opening - datetime.timedelta(days=1)
        for name, _ in moves.values():
            # An earlier run in another season opened the move on another date: gone first,
            # so that the former post's competence may run until this season's opening.
            Competence.objects.filter(post=self.posts[name]).exclude(start=self.opening).delete()
        for city, code, extensions in data.SSIS:
            post, start = self.posts[f"SSI {city}"], self.ssi_opening(city)
            self.competence(post, code, host, start)
            for other in extensions.split():
                if other in data.BALTICS:
                    continue
                moving = moves.get(other)
                self.competence(post, other, extension, start, before_opening if moving else None)
        for code, (name, _) in moves.items():
            self.competence(self.posts[name], code, host, self.opening)
        # The Baltic states: Riga until it closed, Vilnius since it opened.
        riga, vilnius = self.posts["SSI Riga"], self.posts["SSI Vilnius"]
        for code in data.BALTICS:
            self.competence(
                riga, code, host if code == "LV" else extension, datetime.date(1992, 9, 1), datetime.date(2015, 8, 31)
            )
            if code != "LT":
                self.competence(vilnius, code, extension, self.ssi_opening("Vilnius"))

    # People and postings

    def slots(self):
        """(post, role, theme, corps) of every position of the network, in a fixed order."""
        themes = list(Posting.Theme)
        for i, (city, *_) in enumerate(data.SSIS):
            post = self.posts[f"SSI {city}"]
            head_corps = "police" if i % 2 else "gendarmerie"
            yield post, Posting.Role.ASI, "", head_corps
            if i % 3 != 2:
                yield post, Posting.Role.DEPUTY, "", "gendarmerie" if i % 2 else "police"
            if i % 5 in (0, 2):
                yield post, Posting.Role.LIAISON_OFFICER, themes[i % len(themes)], head_corps
            if i % 4 != 3:
                yield post, Posting.Role.COOPERANT, "", ("police", "gendarmerie", "securite_civile")[i % 3]
            if i % 7 == 0:
                yield post, Posting.Role.COOPERANT, "", "securite_civile"
            if i % 8 == 1:
                yield post, Posting.Role.EXPERT, "", "police"
            if i % 3 != 1:
                yield post, Posting.Role.ASSISTANT, "", "other"
        for i, (city, *_) in enumerate(data.ANTENNAS):
            yield self.posts[f"Antenne de {city}"], Posting.Role.ANTENNA_HEAD, "", ("police", "gendarmerie")[i % 2]

    def load_people(self):
        """Tours of four years, each position starting its tours in the years of its own
        cycle (so about a quarter of the network rotates each August), over the last
        eight years. Names are handed out year by year from the network's creation,
        so a tour keeps its holder whatever the season of the run."""
        names = itertools.cycle(self.shuffled_names())
        slots = list(self.slots())
        expelled = {f"SSI {city}": data.EXPELLED[code] for city, code, _ in data.SSIS if code in data.EXPELLED}
        for year in range(NETWORK_CREATED.year - 4, self.season + 1):
            for index, (post, role, theme, corps) in enumerate(slots):
                if year % 4 != index * 3 % 4:  # the position's cycle; 3 spreads neighbours apart
                    continue
                name = next(names)
                start, end = max(datetime.date(year, 9, 1), self.opened(post)), datetime.date(year + 4, 8, 31)
                if year < self.season - YEARS_OF_HISTORY or start > end:
                    continue
                expulsion = expelled.get(post.name) if role == Posting.Role.ASI else None
                if expulsion and start > expulsion:
                    continue  # nobody replaced the expelled attaché
                if expulsion and start <= expulsion <= end:
                    end = expulsion
                self.posting(post, role, theme, corps, name, start, end if end < self.today else None)

    @staticmethod
    def shuffled_names():
        pairs = list(itertools.product(data.FIRST_NAMES, data.LAST_NAMES))
        random.Random(1992).shuffle(pairs)
        return pairs

    def posting(self, post, role, theme, corps, name, start, end):
        first_name, last_name = name
        head = role in (Posting.Role.ASI, Posting.Role.ANTENNA_HEAD)
        grades = data.HEAD_GRADES[corps] if head and corps in data.HEAD_GRADES else data.STAFF_GRADES[corps]
        chance = random.Random(f"{first_name} {last_name}")  # the same person, the same details
        person, _ = upsert(
            Person,
            {"first_name": first_name, "last_name": last_name},
            {
                "corps": corps,
                "grade": chance.choice(grades),
                "email": f"{slug(first_name)}.{slug(last_name)}@{data.EMAIL_DOMAIN}",
                "languages": ", ".join(chance.sample(data.LANGUAGES, 2)),
            },
        )
        posting, _ = upsert(
            Posting,
            {"person": person, "post": post, "start": start},
            {"role": role, "theme": theme, "actual_end": end},
            validate=True,
        )
        return posting

    # Objectives letters

    def load_letters(self):
        """A letter for each head of post, signed a fortnight before arrival with three objectives
        drawn from the post's needs; this season's last arrivals show what central staff still
        have to do: every eighth letter a draft, every fifteenth head still without one."""
        priorities = {priority.name: priority for priority in Priority.objects.all()}
        heads = (
            Posting.objects.filter(Posting.head_role_q(), post__in=list(self.posts.values()))
            .filter(start__lte=self.today)
            .select_related("person", "post")
            .order_by("start", "post__name")
        )
        season = datetime.date(self.season, 9, 1)
        for index, posting in enumerate(heads):
            recent = posting.start >= season
            if recent and index % 15 == 0:
                continue
            signed = not (recent and index % 8 == 0)
            letter, _ = upsert(
                ObjectivesLetter,
                {"posting": posting},
                {
                    "context": data.LETTER_CONTEXT % {"post": posting.post.name},
                    "signed_by": data.LETTER_SIGNATORY if signed else "",
                    "signed_on": posting.start - datetime.timedelta(days=15) if signed else None,
                },
                validate=True,
            )
            chance = random.Random(f"{posting.person} {posting.start}")
            for priority, title, indicator, target in chance.sample(data.OBJECTIVES, 3):
                upsert(
                    Objective,
                    {"letter": letter, "title": title},
                    {"priority": priorities[priority], "indicator": indicator, "target": target},
                )

    # Accounts

    def load_accounts(self):
        User = get_user_model()
        central, _ = Group.objects.get_or_create(name=CENTRAL_GROUP)
        read_only, _ = Group.objects.get_or_create(name=READ_ONLY_GROUP)
        accounts = [
            ("central", "Claire", "Centrale", central, False),
            ("lecture", "Louis", "Lecteur", read_only, False),
            ("asi.singapour", "", "", None, False),
            ("admin", "Ada", "Administratrice", None, True),
        ]
        singapore_asi = (
            Posting.objects.current(self.today)
            .filter(post=self.posts["SSI Singapour"], role=Posting.Role.ASI)
            .select_related("person")
            .get()
            .person
        )
        for username, first_name, last_name, group, superuser in accounts:
            if username == "asi.singapour":
                first_name, last_name = singapore_asi.first_name, singapore_asi.last_name
            user, created = upsert(
                User,
                {"username": username},
                {
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@{data.EMAIL_DOMAIN}",
                    "is_superuser": superuser,
                    "is_staff": superuser,
                },
            )
            if created:
                user.set_password(data.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if group:
                user.groups.add(group)
        attache = User.objects.get(username="asi.singapour")
        # The account follows whoever is the ASI in Singapore this season.
        Person.objects.filter(user=attache).exclude(pk=singapore_asi.pk).update(user=None)
        upsert(Person, {"pk": singapore_asi.pk}, {"user": attache})


def load(today=None):
    DemoNetwork(today).load()


def logins():
    """(username, who) of the demo accounts, for `make run` to print."""
    return [
        ("central", "central staff / administration centrale"),
        ("lecture", "read-only / lecture seule"),
        ("asi.singapour", "ASI of SSI Singapour (post staff)"),
        ("admin", "superuser, /admin/"),
    ]
