"""Load the demo network and its records: `python manage.py seed_demo` (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cooperation import demo as cooperation_demo
from cooperation.models import Action, OperationalRequest
from network import demo as network_demo
from network.models import Competence, Post, Posting
from partnerships import demo as partnerships_demo
from partnerships.models import Company, Opportunity


class Command(BaseCommand):
    help = "Load the demo network (posts, competences, people, postings, demo accounts). Safe to run again."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with transaction.atomic():
            network_demo.load(today)
            cooperation_demo.load(today)
            partnerships_demo.load(today)
        if options["verbosity"]:
            self.summary()

    def summary(self):
        today = timezone.localdate()
        figures = [
            ("SSIs open", Post.objects.open(today).filter(kind=Post.Kind.SSI).count()),
            ("vacant", Post.objects.vacant(today).filter(kind=Post.Kind.SSI).count()),
            ("antennas", Post.objects.open(today).filter(kind=Post.Kind.ANTENNA).count()),
            ("countries covered", Competence.objects.current(today).values("country").distinct().count()),
            ("people serving abroad", Posting.objects.current(today).count()),
            (f"technical actions in {today.year}", Action.objects.in_year(today.year).count()),
            ("operational requests", OperationalRequest.objects.count()),
            ("companies", Company.objects.count()),
            ("market opportunities", Opportunity.objects.count()),
        ]
        self.stdout.write(", ".join(f"{count} {label}" for label, count in figures))
        self.stdout.write(f"Demo logins (password: {network_demo.data.DEMO_PASSWORD}):")
        for username, who in network_demo.logins():
            self.stdout.write(f"  {username:<15} {who}")
