"""Writes whose rules span several rows: checked and saved under a lock, all or nothing.

Views, the admin and the demo loader call these; the rules themselves live on the
models (`Competence.validate_coverage`, `Posting.validate_overlaps`) so that forms
show the same message before anything is locked.

Several records saved in one change (an admin formset) are checked together first
(`check_competences`, `check_postings`): each against the database and against the
ones before it, under the locks their saves take. Those locks hold until the
caller's transaction ends — the admin runs each change in one — so nothing can
slip in between the check and the saves.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Competence, Country, Person, Post, PostStatusChange


def _lock(model, keys):
    """Lock rows in one order (by key) so that two writers never wait on each other."""
    keys = sorted({key for key in keys if key is not None})
    if keys:
        list(model.objects.select_for_update().filter(pk__in=keys).order_by("pk").values_list("pk", flat=True))


def _check_together(records, validate):
    """{position: ValidationError} for each record refused, checked against those before it."""
    errors = {}
    for position, record in enumerate(records):
        try:
            validate(record, records[:position])
        except ValidationError as error:
            errors[position] = error
    return errors


@transaction.atomic
def create_post(post, status=Post.Status.PLANNED, date=None):
    """A new post with its first status change (planned unless told, today unless dated):
    a post's status is its last dated status change, so none is ever without one."""
    post.full_clean()
    post.save()
    first = PostStatusChange(post=post, status=status, date=date or timezone.localdate())
    first.full_clean()
    first.save()
    return post


@transaction.atomic
def check_competences(competences):
    """Check competences saved together; see the module's docstring."""
    competences = list(competences)
    # Two users covering the same country at once queue on the country's row.
    _lock(Country, (c.country_id for c in competences))
    return _check_together(competences, lambda competence, before: competence.validate_coverage(alongside=before))


@transaction.atomic
def save_competence(competence):
    _lock(Country, [competence.country_id])
    competence.full_clean()
    competence.save()
    return competence


def _lock_for_postings(postings):
    _lock(Post, (p.post_id for p in postings))
    _lock(Person, (p.person_id for p in postings))


@transaction.atomic
def check_postings(postings):
    """Check postings saved together; see the module's docstring."""
    postings = list(postings)
    _lock_for_postings(postings)
    return _check_together(postings, lambda posting, before: posting.validate_overlaps(alongside=before))


@transaction.atomic
def save_posting(posting):
    _lock_for_postings([posting])
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


def sign_letter(letter, signed_by, signed_on):
    """Record the signature of an objectives letter: once, and only with objectives to sign."""
    from .models import ObjectivesLetter

    with transaction.atomic():
        letter = ObjectivesLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.is_signed:
            raise ValidationError(_("This letter is signed already."))
        if not letter.objectives.exists():
            raise ValidationError(_("Give the letter at least one objective before it is signed."))
        letter.signed_by, letter.signed_on = signed_by, signed_on
        letter.full_clean()
        letter.save()
    return letter
