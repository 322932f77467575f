"""Uploaded files are private: stored under names nobody chose, read only through their record.

The folder (`MEDIA_ROOT`, from `DJANGO_MEDIA_ROOT`) has no URL: no web server and
no route serves it. A model declares its upload as a `PrivateFileField`; the
project then

- stores it as `<folder>/<year>/<random>.<ext>` (`unique_name`), whatever the
  uploader called it, so names cannot collide, be guessed or climb out of the folder;
- links to it through the record's own page, named `<app>:<model>-<field>`
  (`cooperation:agreement-document`), a `dcis.views.RecordFileView` that fetches
  the record through `visible_to(user)` before it answers `file_response()`;
- removes a replaced, cleared or deleted file from storage once the transaction
  that changed the record has committed, and never when it rolls back.
"""

import logging
import uuid
from functools import partial
from pathlib import PurePosixPath

from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

logger = logging.getLogger(__name__)


def unique_name(folder, extension):
    """A new name for an uploaded file: `agreements/2026/<32 hex digits>.pdf`."""
    return f"{folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"


class PrivateFieldFile(FieldFile):
    """A stored file whose URL is its record's download page, never the storage's."""

    @property
    def url(self):
        self._require_file()
        opts = self.instance._meta
        return reverse(f"{opts.app_label}:{opts.model_name}-{self.field.name}", args=[self.instance.pk])

    @property
    def download_name(self):
        """The name the reader's browser saves it under: the record's, readable (`accord-de-cooperation.pdf`)."""
        stem = slugify(str(self.instance))[:100].strip("-") or self.field.name
        return stem + PurePosixPath(self.name).suffix.lower()


class PrivateFileField(models.FileField):
    """A file of a record, read through the access policy and removed with the record."""

    attr_class = PrivateFieldFile

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # Like ImageField's dimensions: only concrete models hold rows (and files).
        if not cls._meta.abstract:
            signals.post_init.connect(self._remember_stored_name, sender=cls)
            signals.post_save.connect(self._remove_replaced_file, sender=cls)
            signals.post_delete.connect(self._remove_deleted_file, sender=cls)

    def deconstruct(self):
        # What differs from a FileField happens in Python only (its URL, its removal):
        # migrations and historical models see a plain FileField.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs

    @property
    def _stored_key(self):
        return f"_stored_{self.attname}"

    def _remember_stored_name(self, sender, instance, **kwargs):
        # The name read from the database. A new record built with a file has none yet,
        # and a deferred field is not in __dict__: no file is removed on their account.
        value = instance.__dict__.get(self.attname)
        if isinstance(value, FieldFile):
            value = value.name if value._committed else None
        instance.__dict__[self._stored_key] = value if isinstance(value, str) and value else None

    def _remove_replaced_file(self, sender, instance, raw=False, update_fields=None, using=None, **kwargs):
        if raw or (update_fields is not None and self.attname not in update_fields):
            return
        stored, current = instance.__dict__.get(self._stored_key), getattr(instance, self.attname).name or None
        if stored and stored != current:
            self._remove_after_commit(stored, using)
        instance.__dict__[self._stored_key] = current

    def _remove_deleted_file(self, sender, instance, using=None, **kwargs):
        name = getattr(instance, self.attname).name
        if name:
            self._remove_after_commit(name, using)

    def _remove_after_commit(self, name, using):
        # robust: a file that cannot be removed is logged, and the committed change stands.
        transaction.on_commit(partial(self.storage.delete, name), using=using, robust=True)


def file_response(field_file):
    """The stored file as a download (`Content-Disposition: attachment`), or 404 if there is none."""
    if not field_file:
        raise Http404
    try:
        content = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        logger.warning("Stored file missing: %s", field_file.name)
        raise Http404 from None
    response = FileResponse(content, as_attachment=True, filename=field_file.download_name)
    # The browser must never render it, whatever its bytes say.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
