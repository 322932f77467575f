"""Partnerships: companies and groupings, market opportunities passed on to all of them
fairly, trade shows, and the help posts give to companies abroad."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dcis import formatting
from dcis.access import RecordQuerySet
from dcis.models import Record


def validate_siren(value):
    """A SIREN: nine digits whose Luhn checksum is right."""
    digits = value.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(_("A SIREN has nine digits."), code="siren_format")
    total = 0
    for position, digit in enumerate(reversed(digits)):
        number = int(digit) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    if total % 10:
        raise ValidationError(_("This SIREN is not valid: check its digits."), code="siren_checksum")


class Domain(Record):
    """A field of the security industry (video surveillance, forensics…): reference data."""

    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:domain-detail", args=[self.pk])


class PartnerQuerySet(RecordQuerySet):
    def eligible(self):
        """Those who may receive opportunities: active, with the partnership charter accepted."""
        return self.filter(active=True, charter_accepted_on__isnull=False)


class Partner(Record):
    """What companies and groupings share: domains, the charter, whether active."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("domains"), related_name="%(class)s_set")
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    referenced_on = models.DateField(_("referenced on"), default=timezone.localdate)
    charter_accepted_on = models.DateField(
        _("partnership charter accepted on"),
        null=True,
        blank=True,
        help_text=_("Without the charter accepted, nothing is sent."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = PartnerQuerySet.as_manager()

    _history_m2m_fields = ["domains"]  # their changes kept too (dcis.history)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def eligible(self):
        return self.active and self.charter_accepted_on is not None


class Company(Partner):
    class Size(models.TextChoices):
        TPE = "tpe", _("very small business (TPE)")
        PME = "pme", _("small or medium business (PME)")
        ETI = "eti", _("mid-sized business (ETI)")
        GE = "ge", _("large business")

    siren = models.CharField(_("SIREN"), max_length=11, unique=True, validators=[validate_siren])
    size = models.CharField(_("size"), max_length=5, choices=Size)

    class Meta(Partner.Meta):
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def save(self, *args, **kwargs):
        self.siren = self.siren.replace(" ", "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partnerships:company-detail", args=[self.pk])


class Grouping(Partner):
    """An industry association or consortium; opportunities preferably go through them."""

    members = models.ManyToManyField(Company, verbose_name=_("member companies"), blank=True, related_name="groupings")

    _history_m2m_fields = ["domains", "members"]  # their changes kept too (dcis.history)

    class Meta(Partner.Meta):
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")

    def get_absolute_url(self):
        return reverse("partnerships:grouping-detail", args=[self.pk])


class Contact(Record):
    """Someone at a company or a grouping; opportunities go to those who receive them."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    grouping = models.ForeignKey(
        Grouping, verbose_name=_("grouping"), null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    receives_opportunities = models.BooleanField(_("receives opportunities"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False, grouping__isnull=True)
                | Q(company__isnull=True, grouping__isnull=False),
                name="contact_of_one_company_or_grouping",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.company or self.grouping})"

    def get_absolute_url(self):
        return reverse("partnerships:contact-detail", args=[self.pk])

    @property
    def partner(self):
        return self.company or self.grouping

    def clean(self):
        # The admin's inline sets the company or grouping being added, unsaved: compare objects, not keys.
        if (self.company is None) == (self.grouping is None):
            raise ValidationError(_("A contact belongs to a company or to a grouping: choose one."))

    def validate_constraints(self, exclude=None):
        # `clean` says in words what the database's check holds: one message, not two.
        super().validate_constraints(exclude={*(exclude or ()), "company", "grouping"})


class OpportunityQuerySet(RecordQuerySet):
    def not_settled(self):
        """A rejected or closed opportunity is in a final state: central staff change it."""
        return self.exclude(status__in=[Opportunity.Status.REJECTED, Opportunity.Status.CLOSED])


class Opportunity(Record):
    """A need of a foreign security service or a public tender, signalled by a post."""

    class Kind(models.TextChoices):
        NEED = "besoin", _("expressed need")
        TENDER = "appel_offres", _("public tender")
        SHOW = "salon", _("trade show / meeting")

    class Status(models.TextChoices):
        SIGNALLED = "signalee", _("signalled")
        VALIDATED = "validee", _("validated")
        REJECTED = "rejetee", _("rejected")
        DISSEMINATED = "diffusee", _("disseminated")
        CLOSED = "close", pgettext_lazy("opportunity status", "closed")

    post = models.ForeignKey(
        "network.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="opportunities"
    )
    country = models.ForeignKey(
        "network.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="opportunities"
    )
    buyer = models.CharField(_("foreign buyer"), max_length=200, help_text=_("The foreign service that needs it."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    domains = models.ManyToManyField(Domain, verbose_name=_("domains"), related_name="opportunities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    estimated_value = models.DecimalField(
        _("estimated value (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SIGNALLED, editable=False)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, editable=False)
    signalled_on = models.DateField(_("signalled on"), default=timezone.localdate, editable=False)

    objects = OpportunityQuerySet.as_manager()

    post_lookup = "post"
    need_to_know = True
    _history_m2m_fields = ["domains"]  # their changes kept too (dcis.history)

    class Meta:
        ordering = ["-signalled_on", "title"]
        verbose_name = _("market opportunity")
        verbose_name_plural = _("market opportunities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:opportunity-detail", args=[self.pk])

    @property
    def deadline_passed(self):
        return self.deadline is not None and self.deadline < timezone.localdate()


class Dissemination(models.Model):
    """One sending of an opportunity, to every eligible contact not reached before."""

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="disseminations"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # A log of what was sent, written once by `services.disseminate`: no history of its own.
    objects = RecordQuerySet.as_manager()

    post_lookup = "opportunity__post"
    need_to_know = True

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("dissemination")
        verbose_name_plural = _("disseminations")

    def __str__(self):
        return f"{self.opportunity} — {formatting.short_date(self.sent_at)}"


class Recipient(models.Model):
    """Who an opportunity was sent to, when, and at which address: the proof of equity."""

    dissemination = models.ForeignKey(
        Dissemination, verbose_name=_("dissemination"), on_delete=models.CASCADE, related_name="recipients"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, on_delete=models.SET_NULL, related_name="received"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), null=True, on_delete=models.SET_NULL, related_name="received"
    )
    grouping = models.ForeignKey(
        Grouping, verbose_name=_("grouping"), null=True, on_delete=models.SET_NULL, related_name="received"
    )
    email = models.EmailField(_("address"))
    sent_at = models.DateTimeField(_("sent at"))

    objects = RecordQuerySet.as_manager()

    post_lookup = "dissemination__opportunity__post"
    need_to_know = True

    class Meta:
        ordering = ["sent_at", "email"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        indexes = [models.Index(fields=["sent_at", "email"], name="recipient_ordering")]

    def __str__(self):
        return self.email


class TradeShow(Record):
    """A trade show or forum where companies meet foreign delegations (Milipol…)."""

    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    city = models.CharField(_("city"), max_length=100)
    country = models.ForeignKey(
        "network.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="trade_shows"
    )
    companies = models.ManyToManyField(
        Company, verbose_name=_("companies present"), blank=True, related_name="trade_shows"
    )

    _history_m2m_fields = ["companies"]  # their changes kept too (dcis.history)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("trade show")
        verbose_name_plural = _("trade shows")
        constraints = [
            models.UniqueConstraint(fields=["name", "start"], name="trade_show_unique_edition"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="trade_show_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.name} {self.start:%Y}"

    def get_absolute_url(self):
        return reverse("partnerships:tradeshow-detail", args=[self.pk])

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot come before the start.")})


class Delegation(Record):
    """A foreign delegation a post brought to a trade show."""

    trade_show = models.ForeignKey(
        TradeShow, verbose_name=_("trade show"), on_delete=models.CASCADE, related_name="delegations"
    )
    post = models.ForeignKey(
        "network.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="delegations"
    )
    country = models.ForeignKey(
        "network.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.CharField(_("service"), max_length=200)
    people = models.PositiveIntegerField(_("number of people"), validators=[MinValueValidator(1)])

    post_lookup = "post"

    class Meta:
        verbose_name = _("foreign delegation")
        verbose_name_plural = _("foreign delegations")

    def __str__(self):
        return f"{self.service} ({self.country})"

    def get_absolute_url(self):
        return reverse("partnerships:delegation-detail", args=[self.pk])


class AssistanceQuerySet(RecordQuerySet):
    def not_settled(self):
        """A closed assistance is in a final state: central staff change it."""
        return self.filter(closed=False)


class Assistance(Record):
    """A post helping a company abroad; no personal details beyond what the form asks."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("security briefing for travelling staff")
        EXPATRIATE = "expatrie", _("expatriate in difficulty")
        CRISIS = "crise", _("crisis")
        OTHER = "autre", _("other")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="assistances"
    )
    post = models.ForeignKey(
        "network.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="assistances"
    )
    country = models.ForeignKey(
        "network.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    summary = models.CharField(
        _("summary"), max_length=250, blank=True, help_text=_("A few words; no names of the people helped.")
    )
    closed = models.BooleanField(pgettext_lazy("assistance", "closed"), default=False)

    objects = AssistanceQuerySet.as_manager()

    post_lookup = "post"

    class Meta:
        ordering = ["-date"]
        verbose_name = _("assistance to a company")
        verbose_name_plural = _("assistance to companies")

    def __str__(self):
        return f"{self.company} — {self.get_kind_display()} ({formatting.short_date(self.date)})"

    def get_absolute_url(self):
        return reverse("partnerships:assistance-detail", args=[self.pk])
