"""What the register keeps about its users' use of it: list preferences, exports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .access import RecordQuerySet


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

    objects = RecordQuerySet.as_manager()

    post_path = None  # central staff's audit only
    restricted = False

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.user} — {self.list_name} ({self.format})"
