"""Messages about a record that agree with its type: "L'action de coopération technique « X » a été
créée", "La demande opérationnelle « Y » a été enregistrée", "Le poste « Z » a été supprimé".

English has no grammatical gender, so a record type's gender is part of its translation: the
catalogue translates its English name, in the "grammatical gender" context, by "feminine" or
"masculine" (masculine when it says nothing). Messages then come in one version per gender.
"""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import pgettext, pgettext_lazy

from .folding import fold

MESSAGES = {
    ("created", "feminine"): pgettext_lazy("feminine", "%(the_type)s “%(record)s” was created."),
    ("created", "masculine"): pgettext_lazy("masculine", "%(the_type)s “%(record)s” was created."),
    ("saved", "feminine"): pgettext_lazy("feminine", "%(the_type)s “%(record)s” was saved."),
    ("saved", "masculine"): pgettext_lazy("masculine", "%(the_type)s “%(record)s” was saved."),
    ("deleted", "feminine"): pgettext_lazy("feminine", "%(the_type)s “%(record)s” was deleted."),
    ("deleted", "masculine"): pgettext_lazy("masculine", "%(the_type)s “%(record)s” was deleted."),
    ("protected", "feminine"): pgettext_lazy(
        "feminine", "%(the_type)s “%(record)s” cannot be deleted: other records depend on it (%(count)s)."
    ),
    ("protected", "masculine"): pgettext_lazy(
        "masculine", "%(the_type)s “%(record)s” cannot be deleted: other records depend on it (%(count)s)."
    ),
}


# The record types' English names in the "grammatical gender" context, written out so that
# makemessages keeps them in the catalogue: it cannot see the names `gender()` looks up at run
# time. tests/test_formats.py checks that every record type is here and translated.
GENDERED_NAMES = (
    pgettext_lazy("grammatical gender", "list preference"),
    pgettext_lazy("grammatical gender", "export"),
    pgettext_lazy("grammatical gender", "zone"),
    pgettext_lazy("grammatical gender", "country"),
    pgettext_lazy("grammatical gender", "post"),
    pgettext_lazy("grammatical gender", "status change"),
    pgettext_lazy("grammatical gender", "competence"),
    pgettext_lazy("grammatical gender", "person"),
    pgettext_lazy("grammatical gender", "posting"),
    pgettext_lazy("grammatical gender", "theme"),
    pgettext_lazy("grammatical gender", "French contributor"),
    pgettext_lazy("grammatical gender", "requesting service"),
    pgettext_lazy("grammatical gender", "partner institution"),
    pgettext_lazy("grammatical gender", "technical cooperation action"),
    pgettext_lazy("grammatical gender", "operational request"),
    pgettext_lazy("grammatical gender", "agreement"),
    pgettext_lazy("grammatical gender", "event"),
    pgettext_lazy("grammatical gender", "external partner"),
    pgettext_lazy("grammatical gender", "domain"),
    pgettext_lazy("grammatical gender", "company"),
    pgettext_lazy("grammatical gender", "grouping"),
    pgettext_lazy("grammatical gender", "contact"),
    pgettext_lazy("grammatical gender", "market opportunity"),
    pgettext_lazy("grammatical gender", "dissemination"),
    pgettext_lazy("grammatical gender", "recipient"),
    pgettext_lazy("grammatical gender", "trade show"),
    pgettext_lazy("grammatical gender", "foreign delegation"),
    pgettext_lazy("grammatical gender", "assistance to a company"),
    pgettext_lazy("grammatical gender", "priority"),
    pgettext_lazy("grammatical gender", "objectives letter"),
    pgettext_lazy("grammatical gender", "objective"),
    pgettext_lazy("grammatical gender", "logbook entry"),
)


def gender(model):
    """The grammatical gender of a record type in the current language: "feminine" or "masculine"."""
    with translation.override("en"):
        english_name = str(model._meta.verbose_name)
    return "feminine" if pgettext("grammatical gender", english_name) == "feminine" else "masculine"


def the_type(model):
    """The record type with its definite article: "l'action…", "la demande…", "the operational request"."""
    name = str(model._meta.verbose_name)
    if (translation.get_language() or "").split("-")[0] == "fr":
        if fold(name)[:1] in "aeiouyh":
            return f"l’{name}"
        return f"{'la' if gender(model) == 'feminine' else 'le'} {name}"
    return pgettext("record type with its article", "the %(type)s") % {"type": name}


def record_message(event, record, **values):
    """The message for `event` (created, saved, deleted, protected) about a record, agreeing with its type."""
    model = type(record)
    message = MESSAGES[event, gender(model)] % {"the_type": the_type(model), "record": record, **values}
    return capfirst(message)
