"""The cooperation record: technical actions, operational requests, agreements, events."""

import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from dcis.access import RecordQuerySet
from dcis.aggregates import DaysBetween, Median
from dcis.files import PrivateFileField, unique_name
from dcis.models import Record


class ReferenceItem(Record):
    """A line of an editable reference list (themes, directorates, requesting services)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive items are no longer offered."))

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(f"cooperation:{self._meta.model_name}-detail", args=[self.pk])


class Theme(ReferenceItem):
    """A theme of cooperation: terrorism, drug trafficking, cybercrime…"""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Directorate(ReferenceItem):
    """A French contributor: a directorate of the ministry (DGPN, DGGN…) or another ministry."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)

    class Meta(ReferenceItem.Meta):
        ordering = ["acronym"]
        verbose_name = _("French contributor")
        verbose_name_plural = _("French contributors")

    def __str__(self):
        return self.acronym


class RequestingService(ReferenceItem):
    """A service that sends operational requests to the network (OFAST, OCLTEH…)."""

    acronym = models.CharField(_("acronym"), max_length=30, unique=True)

    class Meta(ReferenceItem.Meta):
        ordering = ["acronym"]
        verbose_name = _("requesting service")
        verbose_name_plural = _("requesting services")

    def __str__(self):
        return self.acronym


class Institution(Record):
    """A partner service of a foreign country, reused from one action to the next."""

    country = models.ForeignKey(
        "network.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="institutions"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="institution_unique_per_country")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cooperation:institution-detail", args=[self.pk])


def dates_in_order(start_field, end_field):
    return (
        Q(**{f"{end_field}__isnull": True})
        | Q(**{f"{start_field}__isnull": True})
        | Q(**{f"{end_field}__gte": F(start_field)})
    )


class ActionQuerySet(RecordQuerySet):
    def in_year(self, year):
        """Actions taking place in a year: by their actual start, else their planned one."""
        return self.filter(starts_on__year=year)

    def totals(self):
        return self.aggregate(
            count=models.Count("pk"),
            participants=models.Sum("foreign_participants"),
            experts=models.Sum("french_experts"),
            planned_cost=models.Sum("planned_cost"),
            actual_cost=models.Sum("actual_cost"),
        )


class Action(Record):
    """A technical cooperation action: a training, a mission, a visit, a seminar…"""

    class Kind(models.TextChoices):
        TRAINING = "formation", _("course / training")
        EXPERTISE = "expertise", _("expert mission")
        AUDIT = "audit", _("audit mission")
        VISIT = "visite", _("visit of a foreign delegation to France")
        SEMINAR = "seminaire", _("seminar / conference")
        DONATION = "don", _("donation or handover of equipment")
        OTHER = "autre", _("other")

    class Place(models.TextChoices):
        FRANCE = "france", _("in France")
        PARTNER = "partenaire", _("in the partner country")
        THIRD = "tiers", _("in a third country")

    class Status(models.TextChoices):
        DRAFT = "en_projet", _("in preparation")
        SCHEDULED = "programmee", _("scheduled")
        DONE = "realisee", _("carried out")
        CANCELLED = "annulee", _("cancelled")
        POSTPONED = "reportee", _("postponed")

    class Funding(models.TextChoices):
        MINISTRY = "ministere", _("Ministry of the Interior")
        MEAE = "meae", _("Ministry for Europe and Foreign Affairs")
        EU = "ue", _("EU programme")
        OTHER = "autre", _("other donor")

    post = models.ForeignKey("network.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="actions")
    countries = models.ManyToManyField(
        "network.Country", verbose_name=_("beneficiary countries"), related_name="actions"
    )
    institutions = models.ManyToManyField(
        Institution, verbose_name=_("beneficiary institutions"), blank=True, related_name="actions"
    )
    directorates = models.ManyToManyField(
        Directorate, verbose_name=_("French contributors"), blank=True, related_name="actions"
    )
    experts = models.ManyToManyField(
        "network.Person", verbose_name=_("experts from the network"), blank=True, related_name="actions"
    )
    place = models.CharField(_("where"), max_length=20, choices=Place, default=Place.PARTNER)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # The actual start where known, else the planned one: the year an action counts in, kept
    # by the database so that a year's actions are one index range.
    starts_on = models.GeneratedField(
        verbose_name=_("start"),
        expression=Coalesce("actual_start", "planned_start"),
        output_field=models.DateField(),
        db_persist=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    foreign_participants = models.PositiveIntegerField(_("foreign participants"), default=0)
    french_experts = models.PositiveIntegerField(_("French experts"), default=0)
    funding = models.CharField(_("funding"), max_length=20, choices=Funding, default=Funding.MINISTRY)
    funding_programme = models.CharField(
        _("programme or donor"), max_length=200, blank=True, help_text=_("The EU programme or the donor, by name.")
    )
    planned_cost = models.DecimalField(
        _("planned cost (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    actual_cost = models.DecimalField(
        _("actual cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    rating = models.PositiveSmallIntegerField(
        _("evaluation (1 to 5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    expected_return = models.TextField(_("expected return for French security"), blank=True)
    outside_competence_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outside competence, confirmed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActionQuerySet.as_manager()

    post_lookup = "post"
    _history_m2m_fields = ["themes", "countries", "institutions", "directorates", "experts"]  # kept too

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("technical cooperation action")
        verbose_name_plural = _("technical cooperation actions")
        indexes = [
            models.Index(fields=["post", "starts_on"], name="action_post_starts_on"),
            # The list's order, which a year's range also reads: a page of a year is 25 index entries.
            models.Index(fields=["-starts_on", "title"], name="action_ordering"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="action_planned_dates_in_order"
            ),
            models.CheckConstraint(
                condition=dates_in_order("actual_start", "actual_end"), name="action_actual_dates_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(status="realisee") | Q(actual_start__isnull=False, actual_end__isnull=False),
                name="action_done_has_actual_dates",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="action_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:action-detail", args=[self.pk])

    @property
    def start(self):
        return self.actual_start or self.planned_start

    @property
    def end(self):
        return self.actual_end or self.planned_end

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot come before the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual end cannot come before the actual start.")
        if self.status == self.Status.DONE:
            today = timezone.localdate()
            for name in ("actual_start", "actual_end"):
                value = getattr(self, name)
                if value is None:
                    errors.setdefault(name, _("An action carried out has its actual dates."))
                elif value > today:
                    errors.setdefault(name, _("An action cannot be carried out in the future: check this date."))
        if self.funding in (self.Funding.EU, self.Funding.OTHER) and not self.funding_programme:
            errors["funding_programme"] = _("Name the EU programme or the donor.")
        if errors:
            raise ValidationError(errors)


class RequestQuerySet(RecordQuerySet):
    def with_response_days(self):
        """Annotate `response_days`: whole days from receipt to answer (None while open)."""
        return self.annotate(response_days=DaysBetween("answered_on", "received_on"))

    def median_response_days(self, **group):
        """Per group (`year=ExtractYear("received_on")`…): the median response time in days of
        the answered requests, with how many were answered and how many still await an answer,
        as dicts ordered by the group's key."""
        return (
            self.with_response_days()
            .values(**group)
            .annotate(
                median=Median("response_days"),
                answered=Count("pk", filter=Q(answered_on__isnull=False)),
                open=Count("pk", filter=Q(answered_on__isnull=True)),
            )
            .order_by(*group)
        )

    def open(self):
        return self.filter(answered_on__isnull=True)

    def not_settled(self):
        """A request answered before this year is in a final state: central staff change it."""
        first_of_year = timezone.localdate().replace(month=1, day=1)
        return self.exclude(answered_on__lt=first_of_year)


class OperationalRequest(Record):
    """A request from a central office or a magistrate, and how the post answered it.

    Facts about the request only, never the intelligence exchanged.
    """

    class Kind(models.TextChoices):
        INFORMATION = "renseignement", _("request for information")
        LOCATION = "localisation", _("location of a wanted person")
        CRI = "cri", _("assistance with an international letter rogatory (CRI)")
        WARRANT = "mandat", _("arrest warrant")
        OTHER = "autre", _("other")

    class Outcome(models.TextChoices):
        PENDING = "en_cours", _("pending")
        ANSWERED = "repondu", _("answered")
        LOCATED = "localisee", _("person located")
        NO_RESULT = "sans_resultat", _("no result")
        DECLINED = "decline", _("declined")

    post = models.ForeignKey("network.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="requests")
    service = models.ForeignKey(
        RequestingService, verbose_name=_("requesting service"), on_delete=models.PROTECT, related_name="requests"
    )
    reference = models.CharField(
        _("reference"),
        max_length=40,
        help_text=_("The sender's reference number only: no names, no case content."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="requests")
    country = models.ForeignKey(
        "network.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="requests"
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, default=Outcome.PENDING)

    objects = RequestQuerySet.as_manager()

    post_lookup = "post"
    need_to_know = True
    _history_m2m_fields = ["themes"]  # their changes kept too (dcis.history)

    class Meta:
        ordering = ["-received_on"]
        verbose_name = _("operational request")
        verbose_name_plural = _("operational requests")
        indexes = [
            models.Index(fields=["received_on"], name="request_received_on"),
            models.Index(fields=["post", "received_on"], name="request_post_received_on"),
            # The oldest requests still awaiting an answer.
            models.Index(fields=["received_on"], condition=Q(answered_on__isnull=True), name="request_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="request_answered_after_received",
            ),
            models.CheckConstraint(
                condition=Q(outcome="en_cours", answered_on__isnull=True)
                | (~Q(outcome="en_cours") & Q(answered_on__isnull=False)),
                name="request_outcome_matches_answer",
            ),
            models.UniqueConstraint(fields=["service", "reference"], name="request_unique_reference_per_service"),
        ]

    def __str__(self):
        return f"{self.service} {self.reference}"

    def get_absolute_url(self):
        return reverse("cooperation:operationalrequest-detail", args=[self.pk])

    @property
    def response_time(self):
        return (self.answered_on - self.received_on).days if self.answered_on else None

    def age(self, on=None):
        return ((on or timezone.localdate()) - self.received_on).days

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("A request cannot be received in the future.")
        if self.answered_on:
            if self.received_on and self.answered_on < self.received_on:
                errors["answered_on"] = _("The answer cannot come before the request.")
            elif self.answered_on > today:
                errors["answered_on"] = _("An answer cannot be dated in the future.")
            if self.outcome == self.Outcome.PENDING:
                errors["outcome"] = _("An answered request has an outcome other than pending.")
        elif self.outcome and self.outcome != self.Outcome.PENDING:
            errors["answered_on"] = _("Give the date of the answer.")
        if errors:
            raise ValidationError(errors)


def agreement_document_path(agreement, filename):
    """`agreements/2026/<random>.pdf`: the uploader's file name is never used (see `dcis.files`)."""
    return unique_name("agreements", ".pdf")


MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

# What pypdf raises on malformed input: its own errors, and the ordinary ones its parser
# lets through on bytes it did not expect (found by mutating valid files).
PDF_PARSE_ERRORS = (
    PyPdfError,
    DependencyError,  # encrypted with AES: no cryptography library here to open it
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    OverflowError,
    RecursionError,
    zlib.error,
)


def validate_pdf(document):
    """A PDF that opens, with at least one page, and not too large: a signed agreement, scanned.

    Only a new upload is read; a stored file was checked when it came in.
    """
    if getattr(document, "_committed", False):
        return
    if document.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            params={"size": round(document.size / 1024 / 1024, 1), "limit": MAX_DOCUMENT_SIZE // 1024 // 1024},
        )
    document.seek(0)
    try:
        if document.read(5) != b"%PDF-":
            raise ValidationError(_("This file is not a PDF document."))
        document.seek(0)
        # Not strict: scanners and copiers write small deviations from the standard
        # that readers accept; what does not parse at all is still refused.
        reader = PdfReader(document)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(_("This PDF is protected by a password: attach a copy without a password."))
        # Counting the pages reads the whole page tree.
        if not len(reader.pages):
            raise ValidationError(_("This PDF has no page."))
    except PDF_PARSE_ERRORS:
        raise ValidationError(
            _("This file cannot be read as a PDF document: it may be damaged or incomplete. Export or scan it again.")
        ) from None
    finally:
        document.seek(0)


class Agreement(Record):
    """An agreement or letter of intent signed with a partner country."""

    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "accord", _("intergovernmental agreement")
        LETTER_OF_INTENT = "lettre_intention", _("letter of intent")
        TECHNICAL = "arrangement", _("technical arrangement")
        MOU = "memorandum", _("memorandum of understanding")

    class Status(models.TextChoices):
        NEGOTIATION = "negociation", _("under negotiation")
        SIGNED = "signe", _("signed")
        IN_FORCE = "vigueur", _("in force")
        EXPIRED = "expire", _("expired")
        DENOUNCED = "denonce", _("denounced")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=250)
    countries = models.ManyToManyField("network.Country", verbose_name=_("countries"), related_name="agreements")
    french_signatories = models.CharField(_("French signatories"), max_length=250, blank=True)
    foreign_signatories = models.CharField(_("foreign signatories"), max_length=250, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEGOTIATION)
    themes = models.ManyToManyField(Theme, verbose_name=_("domains"), blank=True, related_name="agreements")
    post = models.ForeignKey(
        "network.Post",
        verbose_name=_("post following it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    document = PrivateFileField(
        _("signed document (PDF)"),
        upload_to=agreement_document_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )

    post_lookup = "post"
    _history_m2m_fields = ["countries", "themes"]  # their changes kept too (dcis.history)

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=dates_in_order("in_force_from", "in_force_until"), name="agreement_dates_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:agreement-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.in_force_from and self.in_force_until and self.in_force_until < self.in_force_from:
            errors["in_force_until"] = _("The end of validity cannot come before its start.")
        if self.status in (self.Status.SIGNED, self.Status.IN_FORCE, self.Status.EXPIRED) and not self.signed_on:
            errors["signed_on"] = _("A signed agreement has its date of signature.")
        if errors:
            raise ValidationError(errors)


class Event(Record):
    """A regional seminar, the annual colloquium, a conference or a forum."""

    class Kind(models.TextChoices):
        REGIONAL_SEMINAR = "seminaire_regional", _("regional seminar")
        COLLOQUIUM = "colloque", _("annual colloquium")
        CONFERENCE = "conference", _("conference")
        FORUM = "forum", _("forum")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    title = models.CharField(_("title"), max_length=250)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    zone = models.ForeignKey(
        "network.Zone", verbose_name=_("zone"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    host_country = models.ForeignKey(
        "network.Country", verbose_name=_("host country"), on_delete=models.PROTECT, related_name="events"
    )
    city = models.CharField(_("city"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    post = models.ForeignKey(
        "network.Post",
        verbose_name=_("organising post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Empty when the central office organises it."),
    )
    participants = models.ManyToManyField(
        "network.Person", verbose_name=_("participants from the network"), blank=True, related_name="events"
    )

    post_lookup = "post"
    _history_m2m_fields = ["participants"]  # their changes kept too (dcis.history)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="event_dates_in_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:event-detail", args=[self.pk])

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot come before the start.")})


class EventPartner(Record):
    """External partners at an event, by type (liaison magistrates, customs attachés…)."""

    class Kind(models.TextChoices):
        MAGISTRATE = "magistrat", _("liaison magistrate")
        CUSTOMS = "douane", _("customs attaché")
        DEFENCE = "defense", _("defence attaché")
        FOREIGN = "service_etranger", _("foreign service")
        OTHER = "autre", _("other")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    name = models.CharField(_("name or service"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("number of people"), default=1, validators=[MinValueValidator(1)])

    post_lookup = "event__post"

    class Meta:
        verbose_name = _("external partner")
        verbose_name_plural = _("external partners")

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("cooperation:eventpartner-detail", args=[self.pk])
