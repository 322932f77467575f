"""Import a spreadsheet into a record type from the command line, as the import page does:
`manage.py import_records cooperation.action actions.xlsx --user central [--dry-run]`.

The same columns, rules, access policy (the given user's) and report as the page; the valid rows
are written in one transaction (none with --dry-run), the invalid ones listed. The exit status
is 1 when any row is invalid, so that a migration script stops there."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import get_resolver
from django.utils import translation

from dcis.access import can_create
from dcis.imports import REGISTRY, ImportFileError, read_sheet, record_import


class Command(BaseCommand):
    help = "Import an XLSX or CSV file into a record type (app.model), as the import page does."

    def add_arguments(self, parser):
        parser.add_argument("record_type", help="app.model, e.g. cooperation.action")
        parser.add_argument("file", help="an XLSX or CSV file with the list's columns")
        parser.add_argument("--user", required=True, help="the username the import is made as (and its history)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--language", default="fr", help="the language of the messages (fr or en)")

    def handle(self, record_type, file, user, dry_run, language, **options):
        get_resolver().url_patterns  # noqa: B018 (the URLconf declares the imports: load it)
        importer = REGISTRY.get(record_type.lower())
        if importer is None:
            raise CommandError(f"No import for “{record_type}”; one of: {', '.join(sorted(REGISTRY))}.")
        try:
            account = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user “{user}”.") from None
        if not can_create(account, importer.model):
            raise CommandError(f"{user} may not create records of this type.")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        with translation.override(language):
            try:
                report = importer.run(account, read_sheet(data), dry_run=dry_run)
            except ImportFileError as error:
                raise CommandError(error.message) from None
            record_import(account, importer, path.name, report)
            for line in report.lines_of_text():
                self.stdout.write(line)
        if report.failed or report.invalid:
            raise SystemExit(1)
