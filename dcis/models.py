"""The base of every record of the register, and what it keeps about its users' use of it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .access import RecordQuerySet


class Record(models.Model):
    """A record of the register: its changes kept, its access declared.

    A record type says how it belongs to a post, and the access policy
    (`dcis.access.RecordQuerySet`, its default manager) does the rest:

    - `post_lookup`: the lookup from a record to the post it belongs to (`"post"`,
      `"event__post"`), whose staff change it; None for reference data, which only
      central staff change (a QuerySet may refine it: `owned_by`).
    - `need_to_know`: only central staff and the staff of its post see a record one by
      one; everyone with a role counts them in figures.
    - `read_only_sees`: with `need_to_know`, read-only users see the records one by one too
      (the post's objectives letter, which other posts' staff do not).
    - `central_writes`: only central staff create and change the records, though they belong
      to a post (the letter central staff write to the post's head); its staff read them.
    - `owns_records`: records name one of these (the post) to belong to it, so a form
      offers only those the user may change.
    """

    post_lookup = None
    need_to_know = False
    read_only_sees = False
    central_writes = False
    owns_records = False

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}-detail", args=[self.pk])


class ListPreference(models.Model):
    """The columns and page size a user chose for one list, remembered from one visit to the next."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="list_preferences"
    )
    list_name = models.CharField(_("list"), max_length=100)
    columns = models.JSONField(_("columns"), default=list)
    per_page = models.PositiveSmallIntegerField(_("rows per page"), null=True, blank=True)

    class Meta:
        verbose_name = _("list preference")
        verbose_name_plural = _("list preferences")
        constraints = [models.UniqueConstraint(fields=["user", "list_name"], name="list_preference_once_per_list")]

    def __str__(self):
        return f"{self.user} — {self.list_name}"


class ExportRecord(models.Model):
    """Who exported which list, when, with which filters: kept for audit."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="exports"
    )
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)
    list_name = models.CharField(_("list"), max_length=100)
    format = models.CharField(_("format"), max_length=10, choices=Format)
    filters = models.TextField(_("filters"), blank=True, help_text=_("The list's query string."))
    path = models.CharField(_("page"), max_length=255)

    objects = RecordQuerySet.as_manager()  # central staff's audit only: no post, not need-to-know

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.user} — {self.list_name} ({self.format})"


class ImportRecord(models.Model):
    """Who imported which file into which record type, when, and what came of it: kept for audit.

    A preview (dry run) is recorded too: it shows the file's contents to its author."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="imports"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    record_type = models.CharField(_("record type"), max_length=100)
    file_name = models.CharField(_("file"), max_length=255)
    dry_run = models.BooleanField(_("preview only"), default=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("records created"), default=0)
    updated = models.PositiveIntegerField(_("records updated"), default=0)
    unchanged = models.PositiveIntegerField(_("records unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("invalid rows"), default=0)

    objects = RecordQuerySet.as_manager()  # central staff's audit only: no post, not need-to-know

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.user} — {self.record_type} ({self.file_name})"
