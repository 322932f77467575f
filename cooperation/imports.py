"""What imports the cooperation record, from its lists' columns (`dcis.imports`): technical
actions (through their service: the post's competence), operational requests, agreements (never
their signed document: it is attached on the agreement's page) and events."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dcis.imports import RecordImporter, save_with_many

from . import services
from .models import Action, Agreement, Event, OperationalRequest
from .tables import ActionTable, AgreementTable, EventTable, OperationalRequestTable


def check_action(action, many, user, context):
    """`services.save_action`'s rule: the beneficiary countries within the post's competence,
    under the lock the competence's writers take — on every country at once, for the whole
    import (`services.competences_locked`). An import confirms no country outside it; central
    staff do so on the action's page, where the confirmation is recorded."""
    if "competences" not in context:
        context["competences"] = services.competences_locked()
    try:
        action.outside_competence_confirmed_by = services.outside_competence_confirmation(
            action, many["countries"], user, competences=context["competences"]
        )
    except ValidationError as error:
        hint = _("Tick the confirmation below to record the action anyway.")
        if not hasattr(error, "error_dict"):
            raise
        kept = {field: [text for text in texts if text != hint] for field, texts in error.message_dict.items()}
        raise ValidationError(kept) from None


def save_action(action, many, user, context):
    """`services.save_action`'s steps: the competence rule, then the action — validated by the
    import as the service validates it — and its many-to-many values."""
    check_action(action, many, user, context)
    save_with_many(action, many, user, context)


# No rule of an action reads another action: new ones are written in batches.
ACTIONS = RecordImporter(Action, ActionTable, save=save_action, bulk_check=check_action)
REQUESTS = RecordImporter(OperationalRequest, OperationalRequestTable)
AGREEMENTS = RecordImporter(Agreement, AgreementTable)
EVENTS = RecordImporter(Event, EventTable)
