"""Writes of the cooperation record whose rules span several models.

An action's beneficiary countries must be in its post's competence on the action's
dates (`network.Competence`), unless central staff confirm them: the countries are a
many-to-many field, out of `Action.clean`'s sight before the action is saved, so the
rule is checked here, by every page, the admin and imports alike.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dcis.access import access_for
from network.models import Competence, Country

from .models import Action


def outside_competence_confirmation(action, countries, user, confirm=False, competences=None):
    """Who confirms `countries` outside the competence of the action's post: `user`, when
    they confirm and the access policy lets them; else whoever confirmed them before, if the
    action keeps its post and countries; None when every country is within the competence.

    Raise a ValidationError on `countries`, naming the post that covers each country
    instead, when nobody confirms them. `competences`: see `competences_locked`.
    """
    countries = list(countries)
    if not (action.post_id and action.start and action.end and countries):
        return None
    outside = Competence.objects.not_covering(action.post, countries, action.start, action.end, competences)
    if not outside:
        return None
    may_confirm = access_for(user).changes_everything
    if confirm:
        if not may_confirm:
            raise ValidationError(
                {"countries": _("Only central staff may confirm beneficiary countries outside the post's competence.")}
            )
        return user
    stored = Action.objects.filter(pk=action.pk).select_related("outside_competence_confirmed_by").first()
    if (
        stored
        and stored.outside_competence_confirmed_by
        and stored.post_id == action.post_id
        and set(stored.countries.all()) == set(countries)
    ):
        return stored.outside_competence_confirmed_by
    messages = [
        _("%(country)s is covered by %(post)s on these dates, not by %(own)s.")
        % {"country": country, "post": other, "own": action.post}
        if other
        else _("%(country)s is not in the competence of %(own)s on these dates.")
        % {"country": country, "own": action.post}
        for country, other in outside
    ]
    if may_confirm:
        messages.append(_("Tick the confirmation below to record the action anyway."))
    raise ValidationError({"countries": messages})


@transaction.atomic
def check_action(action, countries, user, confirm=False):
    """`outside_competence_confirmation` under a lock on the countries' rows, the one
    `network.services` takes to change their competence: it holds until the caller's
    transaction ends (the admin runs each change in one), so the competence cannot move
    between this check and the save."""
    countries = list(countries)
    list(Country.objects.select_for_update().filter(pk__in=[c.pk for c in countries]).order_by("pk").values_list("pk"))
    return outside_competence_confirmation(action, countries, user, confirm)


def competences_locked():
    """Every competence, read under the lock `check_action` takes on each country (all of them
    here): to check many actions in one transaction (an import) with one query rather than two
    per action. The lock holds until the caller's transaction ends, as `check_action`'s does."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("competences_locked() holds its lock in a transaction.")
    list(Country.objects.select_for_update().order_by("pk").values_list("pk"))
    return list(Competence.objects.select_related("post"))


@transaction.atomic
def save_action(action, countries, user, confirm=False):
    """Save an action and its beneficiary countries, outside its post's competence only when
    confirmed (`outside_competence_confirmation`); nothing is saved when refused.

    The action's other many-to-many fields are the caller's (a form's `save_m2m`).
    """
    countries = list(countries)
    action.outside_competence_confirmed_by = check_action(action, countries, user, confirm)
    action.full_clean()
    action.save()
    action.countries.set(countries)
    return action
