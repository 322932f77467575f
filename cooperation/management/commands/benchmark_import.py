"""How long importing 10,000 technical actions takes, preview and import, on this database:
`manage.py benchmark_import [--rows 10000]`. It prints the times and leaves the database as it
found it (everything runs in one transaction, rolled back at the end).

Actions are the heaviest record to import: each row is checked against its post's competence
(`services.save_action`), saved with its history and its countries and themes."""

import csv
import datetime
import io
import secrets
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import translation

from cooperation.imports import ACTIONS
from cooperation.models import Action, Theme
from dcis.access import CENTRAL_GROUP
from dcis.imports import read_sheet
from network.models import Competence, Country, Post, Zone


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the import of many technical actions (preview, then import), leaving the database unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, rows, **options):
        try:
            with translation.override("fr"), transaction.atomic():
                self.run(rows)
                raise Rollback
        except Rollback:
            pass

    def run(self, rows):
        token = secrets.token_hex(4)
        user = get_user_model().objects.create(username=f"benchmark-{token}")
        user.groups.add(Group.objects.get_or_create(name=CENTRAL_GROUP)[0])
        today = datetime.date.today()
        competence = Competence.objects.current(today).filter(end__isnull=True).select_related("post").first()
        if competence is None:
            country = Country.objects.exclude(
                pk__in=Competence.objects.filter(end__isnull=True).values("country")
            ).first()
            if country is None:
                raise CommandError("No country to give a benchmark post.")
            post = Post.objects.create(name=f"Benchmark {token}", host_country=country, city="Benchmark")
            competence = Competence.objects.create(post=post, country=country, start=datetime.date(2000, 1, 1))
        theme = Theme.objects.first() or Theme.objects.create(name=f"Benchmark {token}")
        zone = Zone.objects.first()
        start = max(competence.start, today - datetime.timedelta(days=365))
        self.stdout.write(
            f"{rows} actions of {competence.post} in {competence.country} ({zone}), on {connection.vendor}."
        )
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        columns = [column for column in ACTIONS.columns if not column.readonly]
        writer.writerow([str(column.header) for column in columns])
        label = {value: str(name) for value, name in Action.Kind.choices}
        for i in range(rows):
            day = start + datetime.timedelta(days=i % 300)
            cells = {
                "title": f"Action {i}",
                "kind": label[Action.Kind.TRAINING],
                "post": competence.post.name,
                "countries": competence.country.name,
                "themes": theme.name,
                "planned_start": f"{day:%d/%m/%Y}",
                "planned_end": f"{day + datetime.timedelta(days=4):%d/%m/%Y}",
                "foreign_participants": "12",
                "french_experts": "2",
                "planned_cost": "11500,50",
            }
            writer.writerow([cells.get(column.name, "") for column in columns])
        data = out.getvalue().encode("utf-8")
        before = Action.objects.count()
        for dry_run in (True, False):
            began = time.perf_counter()
            report = ACTIONS.run(user, read_sheet(data), dry_run=dry_run, all_or_nothing=True)
            seconds = time.perf_counter() - began
            self.stdout.write(
                f"{'preview' if dry_run else 'import'}: {seconds:.1f} s "
                f"({report.created} created, {report.invalid} invalid, {report.rows / seconds:.0f} rows/s)"
            )
        created = Action.objects.count() - before
        histories = Action.history.filter(history_user=user).count()
        self.stdout.write(f"{created} actions written, {histories} history rows with the user; rolled back.")
