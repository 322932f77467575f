"""What imports the cooperation record, from its lists' columns (`dcis.imports`): technical
actions (through their service: the post's competence), operational requests, agreements (never
their signed document: it is attached on the agreement's page) and events."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dcis.imports import RecordImporter, set_many

from . import services
from .models import Action, Agreement, Event, OperationalRequest
from .tables import ActionTable, AgreementTable, EventTable, OperationalRequestTable


def save_action(action, many, user):
    """`services.save_action`: beneficiary countries within the post's competence. An import
    confirms none outside it; central staff do so on the action's page, where the service
    records who confirmed."""
    adding = action._state.adding
    try:
        services.save_action(action, many.pop("countries"), user)
    except ValidationError as error:
        hint = _("Tick the confirmation below to record the action anyway.")
        if not hasattr(error, "error_dict"):
            raise
        kept = {field: [text for text in texts if text != hint] for field, texts in error.message_dict.items()}
        raise ValidationError(kept) from None
    set_many(action, many, adding)


ACTIONS = RecordImporter(Action, ActionTable, save=save_action, service_cleans=True)
REQUESTS = RecordImporter(OperationalRequest, OperationalRequestTable)
AGREEMENTS = RecordImporter(Agreement, AgreementTable)
EVENTS = RecordImporter(Event, EventTable)
