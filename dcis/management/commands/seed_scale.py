"""Build the performance data set on top of the demo: `python manage.py seed_scale --factor 10`.

Factor N gives N times the real network's fifteen years, in synthetic records named as such
("SSI échelle 0042", "ÉCHELLE 001234 Claire", "Entreprise échelle 00042"). At factor 10:
800 posts, 31,000 people, 41,000 postings, 406,000 technical actions, 22,600 operational
requests, 2,000 companies and about 646,000 dissemination recipients, with competences, status
changes, agreements, events, trade shows and assistance in proportion. Everything scales
linearly with the factor (0.05 is a small test set), but for two things: competences, one or
so per scale SSI, run out of countries to cover past factor 20 or so (`network.scale`), and
dissemination recipients fall short below factor 2, where companies share fewer domains
(`partnerships.scale`).

What the bulk path skips, and why the data holds anyway: records are written with
`bulk_create` in batches (`dcis.bulk`), so no `save()`, no `full_clean()` (no `clean()`, no
field or constraint validation), no signals, and none of the services' locks
(`network.services`, `cooperation.services`, `partnerships.services`). The history tables get
their creation row per record from the writer itself, without the many-to-many values that the
register's own writes keep with each history row (`dcis.history`): a scale record's history
shows its fields, not its themes or countries. The rules hold because the generators
build the data to fit them — one person, one posting at a time; one ASI per post at a date;
one post per country at a date; an action within its post's competence; dates in order;
choices from the models' lists — each module's docstring says how (`network.scale`,
`cooperation.scale`, `partnerships.scale`), and `tests/test_seed_scale.py` checks them all.
The database's own constraints (checks, unique keys, foreign keys) still apply. The tables are
analysed at the end, as after any bulk load, so that the planner knows their sizes.

It runs once per database: a second run refuses rather than doubling the data. The same factor
on the same day gives the same records (seeded random numbers).
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from cooperation.scale import ScaleCooperation
from dcis.bulk import BulkWriter
from network.scale import PER_FACTOR, ScaleNetwork, scale_posts
from partnerships.scale import ScalePartnerships


class Command(BaseCommand):
    help = (
        "Build the performance data set on top of the demo: N times the real network's fifteen years "
        "(--factor 10: 800 posts, 31,000 people, 406,000 actions…). Bulk writes with each record's history "
        "row: no save(), no full_clean(), no signals, no service locks; the data is built to fit the models' "
        "rules instead (see this module's docstring). Refuses to run twice on the same database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=float,
            default=10.0,
            help="How many times the real network's volume (default 10; a float such as 0.05 for tests).",
        )

    def handle(self, *args, factor, **options):
        if not 0 < factor <= 1_000:
            raise CommandError("The factor must be above 0 (and at most 1,000).")
        loaded = scale_posts().count()
        if loaded:
            raise CommandError(
                f"A scale data set is already loaded ({loaded} scale posts: factor {loaded / PER_FACTOR['posts']:g}). "
                "Running again would double it: start from a fresh database (manage.py flush, then seed_demo "
                "and seed_scale)."
            )
        began = time.monotonic()
        writer = BulkWriter(reason="seed_scale")
        today = timezone.localdate()
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            network = ScaleNetwork(factor, writer, random.Random("scale network"), today).build()
            ScaleCooperation(network, writer, random.Random("scale cooperation")).build()
            ScalePartnerships(network, writer, random.Random("scale partnerships")).build()
        # The planner's statistics, which a bulk load leaves empty until autovacuum gets round
        # to it: without them it scans whole tables for a few rows (75 ms for 500 recipients).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if options["verbosity"]:
            self.stdout.write(f"Scale data set at factor {factor:g}, built in {time.monotonic() - began:.1f} s:")
            for label, count in sorted(writer.counts.items()):
                self.stdout.write(f"  {label:<45} {count:>9,}")
            self.stdout.write(f"  {'rows in all':<45} {sum(writer.counts.values()):>9,}")
