"""Writes whose rules span several rows: checked and saved under a lock, all or nothing.

Views and the admin call these; the rules themselves live on the models
(`Competence.validate_coverage`, `Posting.validate_overlaps`) so that forms show
the same message before anything is locked.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Competence, Country, Person, Post


@transaction.atomic
def save_competence(competence):
    # Two users covering the same country at once queue on the country's row.
    Country.objects.select_for_update().filter(pk=competence.country_id).first()
    competence.full_clean()
    competence.save()
    return competence


@transaction.atomic
def save_posting(posting):
    Post.objects.select_for_update().filter(pk=posting.post_id).first()
    Person.objects.select_for_update().filter(pk=posting.person_id).first()
    posting.full_clean()
    posting.save()
    return posting


@transaction.atomic
def move_competence(country, post, on, kind=Competence.Kind.EXTENSION):
    """Hand a country over to another post on a date: the old competence ends the day
    before, the new one starts that day (Ireland from London to Dublin)."""
    Country.objects.select_for_update().filter(pk=country.pk).first()
    current = Competence.objects.current(on).filter(country=country).select_related("post").first()
    if current and current.post_id == post.pk:
        raise ValidationError(
            {"post": _("%(post)s already covers %(country)s on that date.") % {"post": post, "country": country}}
        )
    if current:
        if current.start == on:
            raise ValidationError(
                {
                    "on": _("The current competence of %(post)s starts on that date; edit it instead of moving it.")
                    % {"post": current.post}
                }
            )
        current.end = on - datetime.timedelta(days=1)
        current.full_clean()
        current.save()
    new = Competence(post=post, country=country, kind=kind, start=on)
    new.full_clean()
    new.save()
    return new
