"""Numbers, amounts and dates as people write them, in the user's language.

`26/12/2026`, `67 500 000 €`, `11 500,50 €`, `6 001`, `1er septembre 2026` in French;
`12/26/2026`-style dates and `€11,500.50` in English. Templates reach these through the
`formats` template library; tables, e-mails and messages call them directly. Dates and
numbers for people never go through `str()`.
"""

import datetime
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

from .folding import fold

# Long dates whose day is the first of the month: French writes it as an ordinal
# ("1er septembre 2026"), which Django's DATE_FORMAT ("j F Y") cannot say.
FIRST_OF_MONTH_DATE_FORMATS = {"fr": r"j\e\r F Y"}


def number(value):
    """A number with the thousand separator: `6 001`; a decimal with two places unless whole."""
    if value is None or value == "":
        return ""
    places = None
    if isinstance(value, Decimal | float):
        places = 0 if value == int(value) else 2
    return formats.number_format(value, places, force_grouping=True)


def amount(value):
    """An amount in euros: `67 500 000 €` when whole, `11 500,50 €` otherwise."""
    if value is None or value == "":
        return ""
    figures = number(Decimal(value))
    # French puts a no-break space before the sign, in the translation.
    return pgettext("amount in euros", "€%(amount)s") % {"amount": figures}


def short_date(value):
    """`26/12/2026`; a date and time is shown in the local time zone with its time."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def long_date(value):
    """`26 décembre 2026`, `1er septembre 2026`."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localdate(value)
    language = (translation.get_language() or "").split("-")[0]
    if value.day == 1 and language in FIRST_OF_MONTH_DATE_FORMATS:
        return formats.date_format(value, FIRST_OF_MONTH_DATE_FORMATS[language])
    return formats.date_format(value, "DATE_FORMAT")


# "in <country>" in French: "en" before a feminine name or a vowel, "au" before a masculine
# one, "aux" before a plural, "à" before city-states and islands named without an article.
# The rules below decide from the name's first word; these names are the exceptions.
FRENCH_PREPOSITION_EXCEPTIONS = {
    "à": {
        "Anguilla", "Aruba", "Bahreïn", "Brunéi Darussalam", "Brunei", "Chypre", "Cuba", "Curaçao", "Djibouti",
        "Gibraltar", "Guam", "Guernesey", "Hong Kong", "Jersey", "Macao", "Madagascar", "Malte", "Maurice", "Mayotte",
        "Monaco", "Montserrat", "Nauru", "Niue", "Oman", "Porto Rico", "Singapour", "Taïwan", "Tonga",
        "Trinidad et Tobago", "Trinité-et-Tobago", "Wallis et Futuna", "Wallis-et-Futuna",
    },
    "en": {"Haïti"},
    "au": {
        "Belize", "Bélize", "Cambodge", "Mexique", "Mozambique", "Royaume-Uni", "Saint-Siège", "Sierra Leone",
        "Suriname", "Zimbabwe",
    },
    "aux": {"Bermudes", "Kiribati", "Palaos", "Salomon", "Samoa américaines", "Tokelau", "Tuvalu"},
    "à la": {"Barbade", "Dominique", "Grenade"},
}  # fmt: skip
# Names written inverted in lists ("Réunion, La"), as a sentence wants them.
FRENCH_INVERTED_NAMES = {"Réunion, La": "à La Réunion", "Palestine, État de": "en Palestine"}
FRENCH_PLURAL_NAMES = (
    "États-Unis", "Émirats", "Pays-Bas", "Philippines", "Comores", "Maldives", "Seychelles", "Bahamas", "Fidji",
    "Îles", "Terres",
)  # fmt: skip
VOWELS = "aeiouy"


def french_in_country(name):
    """`à Singapour`, `au Pérou`, `aux Émirats arabes unis`, `en France`, `en Iran`."""
    for preposition, names in FRENCH_PREPOSITION_EXCEPTIONS.items():
        if name in names:
            return f"{preposition} {name}"
    if name in FRENCH_INVERTED_NAMES:
        return FRENCH_INVERTED_NAMES[name]
    if name.startswith(FRENCH_PLURAL_NAMES):
        return f"aux {name}"
    if name.startswith(("Saint ", "Saint-", "Sainte-")):
        return f"à {name}"
    if name.startswith("Île "):
        return f"à l'{name}"
    first_word = fold(name).replace("-", " ").split()[0] if name.strip() else ""
    if first_word[:1] in VOWELS or first_word.endswith("e"):
        return f"en {name}"
    return f"au {name}"


def in_country(country):
    """Where something happens, with the preposition the user's language wants before the country."""
    name = str(country)
    if (translation.get_language() or "").split("-")[0] == "fr":
        return french_in_country(name)
    return pgettext("place", "in %(country)s") % {"country": name}
