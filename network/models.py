"""The network register: zones, countries, posts, their competence, people and postings."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from dcis import formatting
from dcis.access import RecordQuerySet, access_for
from dcis.models import Record


def _today(on):
    return on or timezone.localdate()


class Zone(Record):
    """A geographic zone of the directorate (e.g. Europe › Balkans); editable reference data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="zone_not_its_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:zone-detail", args=[self.pk])


class CountryQuerySet(RecordQuerySet):
    def with_coverage(self, on=None):
        """Annotate the post covering each country on a date (None where nobody does)."""
        covering = Competence.objects.current(_today(on)).filter(country=OuterRef("pk"))
        return self.annotate(
            covering_post_id=Subquery(covering.values("post_id")[:1]),
            covering_post_name=Subquery(covering.values("post__name")[:1]),
        )


class Country(Record):
    """A country or territory (ISO 3166, plus Kosovo), placed in one zone."""

    code = CountryField(_("ISO code"), primary_key=True)
    # The French name, stored so that lists sort and search in the database;
    # the name shown follows the user's language (`__str__`).
    name = models.CharField(_("name"), max_length=100)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="countries")

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return str(self.code.name)

    def get_absolute_url(self):
        return reverse("network:country-detail", args=[self.code])


class PostQuerySet(RecordQuerySet):
    def with_status(self, on=None):
        """Annotate `status`: the last status change on or before the date."""
        changes = PostStatusChange.objects.filter(post=OuterRef("pk"), date__lte=_today(on))
        return self.annotate(status=Subquery(changes.order_by("-date").values("status")[:1]))

    def with_vacancy(self, on=None):
        """Annotate `status` and `vacant`: open, and nobody in the post's head role."""
        on = _today(on)
        head = Posting.objects.current(on).filter(post=OuterRef("pk")).filter(Posting.head_role_q())
        return (
            self.with_status(on)
            .annotate(has_head=Exists(head))
            .annotate(
                vacant=models.Case(
                    models.When(Q(status=Post.Status.OPEN) & Q(has_head=False), then=True),
                    default=False,
                    output_field=models.BooleanField(),
                )
            )
        )

    def open(self, on=None):
        return self.with_status(on).filter(status=Post.Status.OPEN)

    def vacant(self, on=None):
        return self.with_vacancy(on).filter(vacant=True)

    def owned_by(self, post_ids):
        """A post belongs to itself: its staff change it."""
        return self.filter(pk__in=post_ids)

    def staffed_by(self, user, on=None):
        """Posts where the user holds a posting on the date, and the antennas under them."""
        own = self.served_by(user, on).values("pk")
        return self.filter(Q(pk__in=own) | Q(parent__in=own))

    def served_by(self, user, on=None):
        """Posts where the user holds a posting on the date."""
        return self.filter(pk__in=Posting.objects.current(_today(on)).filter(person__user=user).values("post"))


class Post(Record):
    """An internal security service (SSI), an antenna under one, or a liaison-officer post."""

    class Kind(models.TextChoices):
        SSI = "ssi", _("internal security service (SSI)")
        ANTENNA = "antenna", _("antenna")
        LIAISON = "liaison", _("liaison officer post")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open")
        SUSPENDED = "suspended", _("suspended")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SSI)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="antennas",
        help_text=_("The post an antenna or a liaison officer post answers to."),
    )
    host_country = models.ForeignKey(
        Country, verbose_name=_("host country"), on_delete=models.PROTECT, related_name="hosted_posts"
    )
    city = models.CharField(_("city"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)

    objects = PostQuerySet.as_manager()

    owns_records = True  # records name their post; a form offers the posts the user may change

    class Meta:
        ordering = ["name"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="antenna", parent__isnull=True),
                name="post_antenna_has_parent",
                violation_error_message=_("An antenna must answer to a parent post."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="ssi", parent__isnull=False),
                name="post_ssi_has_no_parent",
                violation_error_message=_("An SSI does not answer to another post."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:post-detail", args=[self.pk])

    def clean(self):
        if self.kind == self.Kind.ANTENNA and not self.parent_id:
            raise ValidationError({"parent": _("An antenna must answer to a parent post.")})
        if self.kind == self.Kind.SSI and self.parent_id:
            raise ValidationError({"parent": _("An SSI does not answer to another post; leave this empty.")})
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A post cannot answer to itself.")})

    @property
    def head_role(self):
        return HEAD_ROLES[self.kind]

    @property
    def status_label(self):
        """The label of the `status` annotation (`with_status`)."""
        return Post.Status(self.status).label if self.status else _("no status")

    def status_on(self, on=None):
        change = self.status_changes.filter(date__lte=_today(on)).order_by("-date").first()
        return change.status if change else None


class PostStatusChangeQuerySet(RecordQuerySet):
    def not_settled(self):
        """A post's past status changes are its history: central staff change them."""
        return self.filter(date__gte=timezone.localdate())


class PostStatusChange(Record):
    """A dated step of a post's life: planned, open, suspended (expulsion, crisis), closed."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=Post.Status)
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = PostStatusChangeQuerySet.as_manager()

    post_lookup = "post"

    class Meta:
        ordering = ["post", "date"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "date"],
                name="post_status_one_change_a_day",
                violation_error_message=_("This post already changes status on that date."),
            ),
        ]

    def __str__(self):
        return f"{self.post} — {self.get_status_display()} ({formatting.short_date(self.date)})"

    def get_absolute_url(self):
        return self.post.get_absolute_url()


class CompetenceQuerySet(RecordQuerySet):
    def current(self, on=None):
        on = _today(on)
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)

    def overlapping(self, start, end):
        """Competences sharing at least one day with [start, end] (end None: open-ended)."""
        qs = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        return qs if end is None else qs.filter(start__lte=end)

    def not_settled(self):
        """A competence that has ended is the post's history: central staff change it."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=timezone.localdate()))

    def not_covering(self, post, countries, start, end, competences=None):
        """[(country, the post covering it instead, or None)] for each of the countries
        that `post` does not cover from `start` to `end`.

        `competences`: the competences of these countries (and maybe others), loaded once to
        check many records in a row (an import), instead of a query for each."""
        if competences is None:
            competences = list(self.filter(country__in=countries).overlapping(start, end).select_related("post"))
        else:
            codes = {str(country.pk) for country in countries}
            competences = [c for c in competences if str(c.country_id) in codes and c.overlaps(start, end)]
        outside = []
        for country in countries:
            own = [c for c in competences if c.country_id == country.pk]
            if not any(c.post_id == post.pk and c.covers(start, end) for c in own):
                outside.append((country, next((c.post for c in own if c.post_id != post.pk), None)))
        return outside


class Competence(Record):
    """A post is competent for a country from a date until a date: host country or extension."""

    class Kind(models.TextChoices):
        HOST = "host", _("host country")
        EXTENSION = "extension", _("extension of competence")

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="competences")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="competences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.EXTENSION)
    start = models.DateField(_("from"), default=timezone.localdate)
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty while it lasts."))

    objects = CompetenceQuerySet.as_manager()

    post_lookup = "post"

    class Meta:
        ordering = ["country__name", "start"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="competence_ends_after_start",
                violation_error_message=_("A competence cannot end before it starts."),
            ),
            # The database holds what it can of "one post per country at a date":
            # at most one open-ended competence per country. Dated overlaps are
            # refused by `validate_coverage`, under a lock in `services`.
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(end__isnull=True),
                name="competence_one_open_per_country",
                violation_error_message=_("This country is already covered by a post with no end date."),
            ),
        ]

    def __str__(self):
        return f"{self.country} — {self.post}"

    def get_absolute_url(self):
        return self.post.get_absolute_url()

    def covers(self, start, end=None):
        """Whether this competence runs over the whole period (one day when `end` is None)."""
        end = end or start
        return self.start <= start and (self.end is None or self.end >= end)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A competence cannot end before it starts.")})
        self.validate_coverage()

    def validate_coverage(self, alongside=()):
        """At any date a country is covered by at most one post.

        `alongside`: competences saved in the same change (an admin formset), compared
        as they will be saved rather than as the database holds them.
        """
        if not (self.country_id and self.start):
            return
        stored = (
            Competence.objects.filter(country_id=self.country_id)
            .exclude(pk=self.pk)
            .exclude(pk__in=[c.pk for c in alongside if c.pk])
            .overlapping(self.start, self.end)
            .select_related("post")
        )
        others = [
            c
            for c in alongside
            if c is not self and c.country_id == self.country_id and c.start and c.overlaps(self.start, self.end)
        ]
        other = min([*stored, *others], key=lambda c: c.start, default=None)
        if other:
            raise ValidationError(
                {
                    "country": _("%(country)s is already covered by %(post)s since %(start)s.")
                    % {
                        "country": self.country,
                        "post": other.post,
                        "start": formatting.long_date(other.start),
                    }
                }
            )

    def overlaps(self, start, end):
        """Whether this competence shares at least one day with [start, end] (end None: open-ended)."""
        return (self.end is None or self.end >= start) and (end is None or self.start <= end)


def default_planned_end(start):
    """The 31 August by which a four-year tour that began on `start` is complete.

    None for a start in the calendar's last five years, where that date could fall past its end.
    """
    if start.year + 5 > datetime.MAXYEAR:
        return None
    try:
        anniversary = start.replace(year=start.year + 4)
    except ValueError:  # a tour that began on 29 February
        anniversary = datetime.date(start.year + 4, 3, 1)
    last_day = anniversary - datetime.timedelta(days=1)
    year = last_day.year if (last_day.month, last_day.day) <= (8, 31) else last_day.year + 1
    return datetime.date(year, 8, 31)


class PersonQuerySet(RecordQuerySet):
    def serving_at(self, post_ids, on=None):
        """People with a current or coming posting at one of these posts."""
        postings = Posting.objects.current_or_coming(on).filter(post__in=post_ids)
        return self.filter(pk__in=postings.values("person"))

    def owned_by(self, post_ids):
        """A person's record belongs to the post where they serve today or are about to serve,
        never to a post where they served before."""
        return self.serving_at(post_ids) if post_ids else self.none()

    def postable_by(self, user):
        """People the user may give a posting: anyone for central staff; for post staff,
        people who hold no current or coming posting at another post (a newcomer arriving).
        Moving someone from one post to another is central staff's work."""
        access = access_for(user)
        if access.changes_everything:
            return self
        if not access.is_post_staff:
            return self.none()
        elsewhere = Posting.objects.current_or_coming().exclude(post__in=access.post_ids)
        return self.exclude(pk__in=elsewhere.values("person"))


class Person(Record):
    """Someone who serves or served in the network."""

    class Corps(models.TextChoices):
        POLICE = "police", _("Police nationale")
        GENDARMERIE = "gendarmerie", _("Gendarmerie nationale")
        CIVIL_SECURITY = "securite_civile", _("Sécurité civile")
        OTHER = "other", _("other")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    corps = models.CharField(_("corps"), max_length=20, choices=Corps)
    grade = models.CharField(_("grade"), max_length=100, blank=True)
    email = models.EmailField(_("professional e-mail"), blank=True)
    phone = models.CharField(_("professional phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages"), max_length=255, blank=True, help_text=_("Separated by commas, e.g. anglais, espagnol.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()

    post_lookup = "postings__post"

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name}"

    def get_absolute_url(self):
        return reverse("network:person-detail", args=[self.pk])


class PostingQuerySet(RecordQuerySet):
    def current(self, on=None):
        on = _today(on)
        return self.filter(start__lte=on, ends_on__gte=on)

    def overlapping(self, start, end):
        return self.filter(start__lte=end, ends_on__gte=start)

    def current_or_coming(self, on=None):
        """Postings that have not ended on the date: current ones and those still to start."""
        return self.filter(ends_on__gte=_today(on))

    def not_settled(self):
        """A posting that has ended is the post's history: central staff change it."""
        return self.current_or_coming()


def rotation_summer(year):
    """The season of a year's rotation: postings end and start between 1 June and 30 September."""
    return datetime.date(year, 6, 1), datetime.date(year, 9, 30)


def next_rotation_year(today):
    """The rotation people look ahead to: this year's until its summer is over, then next year's."""
    return today.year if today <= rotation_summer(today.year)[1] else today.year + 1


class Posting(Record):
    """A person at a post, in a role, from a start date to a planned or actual end."""

    class Role(models.TextChoices):
        ASI = "asi", _("internal security attaché (ASI)")
        DEPUTY = "asi_adjoint", _("deputy ASI")
        ANTENNA_HEAD = "chef_antenne", _("head of antenna")
        LIAISON_OFFICER = "officier_liaison", _("liaison officer")
        COOPERANT = "cooperant", _("seconded adviser (coopérant)")
        EXPERT = "expert", _("international technical expert")
        ASSISTANT = "assistant", _("assistant")
        OTHER = "other", _("other")

    class Theme(models.TextChoices):
        DRUGS = "stupefiants", _("drugs")
        IMMIGRATION = "immigration", _("irregular immigration")
        ORGANISED_CRIME = "criminalite_organisee", _("organised crime")
        CYBER = "cyber", _("cyber")
        TERRORISM = "terrorisme", _("terrorism")
        GENERALIST = "generaliste", _("generalist")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="postings")
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="postings")
    role = models.CharField(_("role"), max_length=20, choices=Role)
    theme = models.CharField(
        _("theme"), max_length=30, choices=Theme, blank=True, help_text=_("Liaison officers only.")
    )
    start = models.DateField(_("start"))
    planned_end = models.DateField(
        _("planned end"), blank=True, help_text=_("Leave empty for the 31 August four years on.")
    )
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # The actual end where known, else the planned one: a column the database keeps, so that
    # "current postings" (every page's access check) is an index range, not a scan.
    ends_on = models.GeneratedField(
        verbose_name=_("end"),
        expression=Coalesce("actual_end", "planned_end"),
        output_field=models.DateField(),
        db_persist=True,
    )

    objects = PostingQuerySet.as_manager()

    post_lookup = "post"

    class Meta:
        ordering = ["-start"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [
            # Current postings (the access check, vacancies) and the rotation's leavers.
            models.Index(fields=["ends_on", "start"], name="posting_ends_on"),
            models.Index(fields=["post", "ends_on"], name="posting_post_ends_on"),
            models.Index(fields=["person", "ends_on"], name="posting_person_ends_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("start")),
                name="posting_planned_end_after_start",
                violation_error_message=_("The planned end cannot come before the start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=models.F("start")),
                name="posting_actual_end_after_start",
                violation_error_message=_("The actual end cannot come before the start."),
            ),
            models.CheckConstraint(
                condition=Q(role="officier_liaison", theme__gt="") | (~Q(role="officier_liaison") & Q(theme="")),
                name="posting_theme_for_liaison_officers",
                violation_error_message=_("A liaison officer has a theme; other roles have none."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.post}"

    def save(self, *args, **kwargs):
        if self.start and not self.planned_end:
            self.planned_end = default_planned_end(self.start)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    @staticmethod
    def head_role_q(prefix=""):
        """Postings in the role that leads their post (ASI for an SSI, and so on)."""
        q = Q()
        for kind, role in HEAD_ROLES.items():
            q |= Q(**{f"{prefix}role": role, f"{prefix}post__kind": kind})
        return q

    @property
    def ends(self):
        return self.actual_end or self.planned_end

    def clean(self):
        errors = {}
        if self.start and not self.planned_end:
            self.planned_end = default_planned_end(self.start)
            if self.planned_end is None:
                errors["planned_end"] = _("No planned end can follow from this start: enter the planned end.")
        if self.start and self.planned_end and self.planned_end < self.start:
            errors["planned_end"] = _("The planned end cannot come before the start.")
        if self.start and self.actual_end and self.actual_end < self.start:
            errors["actual_end"] = _("The actual end cannot come before the start.")
        if self.role == self.Role.LIAISON_OFFICER and not self.theme:
            errors["theme"] = _("Choose the liaison officer's theme.")
        if self.role and self.role != self.Role.LIAISON_OFFICER and self.theme:
            errors["theme"] = _("Only liaison officers have a theme; leave this empty.")
        if errors:
            raise ValidationError(errors)
        self.validate_overlaps()

    def validate_overlaps(self, alongside=()):
        """A person holds one posting at a time; a post has at most one ASI at any date.

        `alongside`: postings saved in the same change (an admin formset), compared as
        they will be saved rather than as the database holds them.
        """
        if not (self.start and self.planned_end):
            return
        stored = (
            Posting.objects.exclude(pk=self.pk)
            .exclude(pk__in=[p.pk for p in alongside if p.pk])
            .overlapping(self.start, self.ends)
            .select_related("person", "post")
        )
        together = [p for p in alongside if p is not self and p.start and p.ends and p.overlaps(self.start, self.ends)]
        same_person = [p for p in together if same_record(p, self, "person")]
        if self.person_id:
            same_person = [*stored.filter(person_id=self.person_id)[:1], *same_person]
        if same_person:
            clash = same_person[0]
            raise ValidationError(
                {
                    "start": _("%(person)s already holds a posting at %(post)s from %(start)s to %(end)s.")
                    % {
                        "person": self.person,
                        "post": clash.post,
                        "start": formatting.long_date(clash.start),
                        "end": formatting.long_date(clash.ends),
                    }
                }
            )
        if self.role != self.Role.ASI:
            return
        other_asis = [p for p in together if p.role == self.Role.ASI and same_record(p, self, "post")]
        if self.post_id:
            other_asis = [*stored.filter(post_id=self.post_id, role=self.Role.ASI)[:1], *other_asis]
        if other_asis:
            clash = other_asis[0]
            raise ValidationError(
                {
                    "role": _("%(post)s already has an ASI, %(person)s, from %(start)s to %(end)s.")
                    % {
                        "post": self.post,
                        "person": clash.person,
                        "start": formatting.long_date(clash.start),
                        "end": formatting.long_date(clash.ends),
                    }
                }
            )

    def overlaps(self, start, end):
        """Whether this posting shares at least one day with [start, end]."""
        return self.start <= end and self.ends >= start


def same_record(a, b, field):
    """Whether two records point to the same related record through `field`, saved or not:
    the rows of an admin formset all point to their parent, which may not be saved yet."""
    relation = type(a)._meta.get_field(field)
    a_id, b_id = getattr(a, relation.attname), getattr(b, relation.attname)
    if a_id is not None or b_id is not None:
        return a_id == b_id
    related = relation.get_cached_value(a, None)
    return related is not None and related is relation.get_cached_value(b, None)


HEAD_ROLES = {
    Post.Kind.SSI: Posting.Role.ASI,
    Post.Kind.ANTENNA: Posting.Role.ANTENNA_HEAD,
    Post.Kind.LIAISON: Posting.Role.LIAISON_OFFICER,
}


# Accountability: what central staff ask of a head of post, and what the post answers.


class Priority(Record):
    """A priority of the minister's roadmap that an objective serves (organised crime and drug
    trafficking, irregular immigration, terrorism…); an editable reference list."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive items are no longer offered."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self):
        return self.name


class ObjectivesLetterQuerySet(RecordQuerySet):
    def overdue(self, on=None):
        """Letters still unsigned once their posting has begun."""
        return self.filter(signed_on__isnull=True, posting__start__lt=_today(on))


class ObjectivesLetter(Record):
    """The objectives letter (lettre d'objectifs) central staff give a head of post before or at
    arrival: a few objectives, each with its measurable indicator and target; signed and dated.

    Its staff read it; read-only users too; other posts' staff do not. Central staff write it.
    """

    posting = models.OneToOneField(
        Posting,
        verbose_name=_("posting"),
        on_delete=models.PROTECT,
        related_name="objectives_letter",
        help_text=_("The head-of-post posting the letter is for: ASI, head of antenna or liaison officer."),
    )
    context = models.TextField(_("context"), blank=True, help_text=_("The post's situation and what is expected."))
    signed_by = models.CharField(_("signed by"), max_length=150, blank=True)
    signed_on = models.DateField(_("date of signature"), null=True, blank=True)

    objects = ObjectivesLetterQuerySet.as_manager()

    post_lookup = "posting__post"
    need_to_know = True
    read_only_sees = True
    central_writes = True

    class Meta:
        ordering = ["-posting__start", "pk"]
        verbose_name = _("objectives letter")
        verbose_name_plural = _("objectives letters")
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signed_by__gt=""),
                name="objectives_letter_signed_by_someone",
                violation_error_message=_("A signed letter names who signed it."),
            ),
        ]

    def __str__(self):
        return str(
            _("Objectives letter of %(person)s, %(post)s") % {"person": self.posting.person, "post": self.posting.post}
        )

    def get_absolute_url(self):
        return reverse("network:objectivesletter-detail", args=[self.pk])

    @property
    def is_signed(self):
        return self.signed_on is not None

    @property
    def due_on(self):
        """Written before or at arrival: due on the posting's first day."""
        return self.posting.start

    def is_overdue(self, on=None):
        return not self.is_signed and self.due_on < _today(on)

    def clean(self):
        errors = {}
        posting = self.posting if self.posting_id else None
        if posting is not None and HEAD_ROLES.get(posting.post.kind) != posting.role:
            errors["posting"] = _(
                "An objectives letter is for the head of a post: the ASI of an SSI, the head of an antenna, "
                "the liaison officer of a liaison post."
            )
        if self.signed_on and not self.signed_by:
            errors["signed_by"] = _("Name who signed the letter.")
        if self.signed_by and not self.signed_on:
            errors["signed_on"] = _("Date the signature.")
        if errors:
            raise ValidationError(errors)


class Objective(Record):
    """One objective of a letter: the priority it serves, a measurable indicator and its target."""

    letter = models.ForeignKey(
        ObjectivesLetter, verbose_name=_("objectives letter"), on_delete=models.CASCADE, related_name="objectives"
    )
    priority = models.ForeignKey(Priority, verbose_name=_("priority"), on_delete=models.PROTECT)
    title = models.CharField(_("objective"), max_length=250)
    indicator = models.CharField(
        _("indicator"), max_length=250, help_text=_("What is counted: persons located, officers trained…")
    )
    target = models.PositiveIntegerField(_("target"), help_text=_("The figure to reach over the tour."))

    post_lookup = "letter__posting__post"
    need_to_know = True
    read_only_sees = True
    central_writes = True

    class Meta:
        ordering = ["letter", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.letter.get_absolute_url()


class LogbookEntry(Record):
    """A dated entry of a post's logbook (carnet de bord): a meeting, a visit, a result, a
    difficulty, tagged by the objective and the priority it concerns. Private to the post and
    central staff."""

    class Kind(models.TextChoices):
        MEETING = "reunion", _("meeting")
        VISIT = "visite", _("visit")
        RESULT = "resultat", _("result")
        DIFFICULTY = "difficulte", _("difficulty")
        OTHER = "autre", _("other")

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="logbook")
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("entry"), blank=True)
    priority = models.ForeignKey(Priority, verbose_name=_("priority"), on_delete=models.PROTECT, null=True, blank=True)
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logbook_entries",
        help_text=_("An objective of the letter of the post's head."),
    )

    post_lookup = "post"
    need_to_know = True

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        indexes = [models.Index(fields=["post", "-date"], name="logbook_post_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:logbookentry-detail", args=[self.pk])

    def clean(self):
        if self.objective_id and self.post_id and self.objective.letter.posting.post_id != self.post_id:
            raise ValidationError({"objective": _("Choose an objective given to this post.")})
