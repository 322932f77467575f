"""The import pages: upload a file → preview (a dry run) → confirm; the template; the imports' log.

Between the preview and the confirmation the file waits in the default storage (private: no URL
serves it) under a random name that only the uploader's session knows; the confirmation names
that token, never a path.
"""

import datetime
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from . import export
from .access import can_create
from .filters import ImportRecordFilterSet
from .forms import DsfrFormMixin
from .imports import ImportFileError, read_sheet, record_import, register, too_large_message
from .models import ImportRecord
from .tables import ImportRecordTable
from .views import PolicyMixin, RecordListView

SESSION_KEY = "dcis_imports"
STORAGE_DIR = "imports"
KEPT_SECONDS = 24 * 60 * 60


class ImportForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("XLSX or CSV: the list's export, edited, or the template, filled in."),
    )


class RecordImportView(PolicyMixin, generic.FormView):
    """Import a file of one record type (`importer`), for those who may create that type."""

    policy = "write"
    creates_records = True  # the access matrix expects what a create page answers
    importer = None
    model = None
    form_class = ImportForm
    template_name = "records/import.html"

    def has_permission(self):
        return can_create(self.request.user, self.model)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx":
            return self.template_response()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > settings.DCIS_IMPORT_MAX_BYTES:
            form.add_error("file", too_large_message(upload.size))
            return self.form_invalid(form)
        data = upload.read()
        try:
            report = self.importer.run(self.request.user, read_sheet(data), dry_run=True)
        except ImportFileError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        record_import(self.request.user, self.importer, upload.name, report)
        token = self.keep(upload.name, data, report) if report.importable else None
        return self.preview(report, token, upload.name)

    def preview(self, report, token, file_name, changed=False):
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(), report=report, token=token, file_name=file_name, changed=changed
            )
        )

    def confirm(self, token):
        """Import the rows the preview showed valid, all in one transaction, or nothing."""
        pending = self.request.session.get(SESSION_KEY, {}).get(token)
        data = None
        if pending and pending["model"] == self.importer.label:
            try:
                with default_storage.open(pending["path"]) as stored:
                    data = stored.read()
            except OSError:
                data = None
        if data is None:
            messages.error(self.request, _("This preview is no longer available: upload the file again."))
            return HttpResponseRedirect(self.request.path)
        skipped = set(pending["invalid"])
        try:
            sheet = read_sheet(data)
            report = self.importer.run(
                self.request.user, sheet, dry_run=False, skip_lines=skipped, all_or_nothing=True
            )
        except ImportFileError as error:
            self.forget(token)
            messages.error(self.request, error.message)
            return HttpResponseRedirect(self.request.path)
        if not report.written:
            # Records changed since the preview: a new preview of the whole file, to confirm again.
            report = self.importer.run(self.request.user, sheet, dry_run=True)
            self.remember(token, pending, report)
            return self.preview(report, token if report.importable else None, pending["name"], changed=True)
        report.problems = []
        record_import(self.request.user, self.importer, pending["name"], report, invalid=len(skipped))
        self.forget(token)
        messages.success(
            self.request,
            _("“%(file)s” is imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "file": pending["name"],
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
        if skipped:
            messages.warning(
                self.request,
                _("%(count)s invalid rows were left out: correct them in the file and import it again.")
                % {"count": len(skipped)},
            )
        return HttpResponseRedirect(self.list_url() or self.request.path)

    def keep(self, name, data, report):
        """Keep the file until the user confirms, under a name only their session knows."""
        self.forget_stale()
        token = secrets.token_urlsafe(32)
        stored = default_storage.save(f"{STORAGE_DIR}/{token}", ContentFile(data))
        self.remember(token, {"model": self.importer.label, "name": name, "path": stored}, report)
        return token

    def remember(self, token, pending, report):
        kept = self.request.session.get(SESSION_KEY, {})
        kept[token] = {**pending, "invalid": report.invalid_lines, "at": time.time()}
        self.request.session[SESSION_KEY] = kept

    def forget(self, token):
        kept = self.request.session.get(SESSION_KEY, {})
        pending = kept.pop(token, None)
        self.request.session[SESSION_KEY] = kept
        if pending:
            default_storage.delete(pending["path"])

    def forget_stale(self):
        """Files waiting longer than a day were abandoned: this user's, and anyone's left behind."""
        kept = self.request.session.get(SESSION_KEY, {})
        for token, pending in list(kept.items()):
            if pending["at"] < time.time() - KEPT_SECONDS:
                self.forget(token)
        try:
            _folders, names = default_storage.listdir(STORAGE_DIR)
        except (FileNotFoundError, NotImplementedError):
            return
        limit = timezone.now() - datetime.timedelta(seconds=KEPT_SECONDS)
        for name in names:
            try:
                if default_storage.get_modified_time(f"{STORAGE_DIR}/{name}") < limit:
                    default_storage.delete(f"{STORAGE_DIR}/{name}")
            except (OSError, NotImplementedError):
                continue

    def template_response(self):
        name = slugify(f"{self.model._meta.verbose_name_plural}-{_('template')}")
        response = HttpResponse(self.importer.template(self.request.user), content_type=export.FORMATS["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response

    def list_url(self):
        opts = self.importer.listed_on._meta
        return reverse(f"{opts.app_label}:{opts.model_name}-list")

    def get_context_data(self, **kwargs):
        opts = self.model._meta
        return super().get_context_data(
            title=_("Import: %(records)s") % {"records": opts.verbose_name_plural},
            opts=opts,
            list_url=self.list_url(),
            columns=[column for column in self.importer.columns if not column.readonly],
            max_rows=formats.number_format(settings.DCIS_IMPORT_MAX_ROWS, force_grouping=True),
            max_megabytes=round(settings.DCIS_IMPORT_MAX_BYTES / 1024 / 1024, 1),
            **kwargs,
        )


def import_urls(prefix, importer):
    """The import page of a record type, `<prefix>/import/`, named `<model>-import`."""
    register(importer)
    model = importer.model
    view = type(f"{model.__name__}ImportView", (RecordImportView,), {"importer": importer, "model": model})
    return [path(f"{prefix}/import/", view.as_view(), name=f"{model._meta.model_name}-import")]


def import_links(user, model):
    """(label, URL) of the imports the list of `model` offers the user."""
    from .imports import importers_listed_on

    links = []
    for importer in importers_listed_on(model):
        if can_create(user, importer.model):
            opts = importer.model._meta
            label = importer.link_label
            links.append((capfirst(label), reverse(f"{opts.app_label}:{opts.model_name}-import")))
    return links


class ImportRecordListView(RecordListView):
    """Who imported what, when, and what came of it."""

    policy = "central"
    model = ImportRecord
    filterset_class = ImportRecordFilterSet
    table_class = ImportRecordTable
    select_related = ("user",)
