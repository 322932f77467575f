"""Text compared without case or accents: "senegal" finds "Sénégal", "COTE D'IVOIRE" "Côte d’Ivoire".

`fold()` does it in Python; `Folded()` does the same in the database, so a search
can compare a folded column with a folded query. SQLite runs `fold()` itself (a
function registered on each connection); PostgreSQL translates the accented Latin
letters with its built-in TRANSLATE, which needs no extension. Other databases only
lower the case.
"""

import unicodedata
from functools import reduce

from django.db.models import CharField, Func, Value
from django.db.models.functions import Lower, Replace

SQLITE_FUNCTION = "DCIS_FOLD"

# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l"}
    | {"ı": "i", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ŀ": "l", "Ŀ": "l", "’": "'", "‘": "'"}
)


def fold(text):
    """The text in lower case, without accents, ligatures written out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _postgresql_tables():
    """What TRANSLATE (one letter for one) and REPLACE (one for several) must do on PostgreSQL
    to give `fold()`'s result for the Latin letters of Western and Central European names."""
    letters = [chr(code) for code in range(0xC0, 0x180)] + ["’", "‘"]
    single, several = {}, {}
    for letter in letters:
        folded = fold(letter)
        if folded == letter.lower():
            continue
        (single if len(folded) == 1 else several)[letter] = folded
    return "".join(single), "".join(single.values()), several


TRANSLATE_FROM, TRANSLATE_TO, REPLACEMENTS = _postgresql_tables()


class Folded(Func):
    """An expression's text as `fold()` gives it."""

    arity = 1
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        translated = Func(
            *self.source_expressions,
            Value(TRANSLATE_FROM),
            Value(TRANSLATE_TO),
            function="TRANSLATE",
            output_field=CharField(),
        )
        replaced = reduce(
            lambda text, pair: Replace(text, Value(pair[0]), Value(pair[1])), REPLACEMENTS.items(), translated
        )
        return compiler.compile(Lower(replaced))

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(Lower(*self.source_expressions))


def register_sqlite_function(sender, connection, **kwargs):
    """On each new SQLite connection (the `connection_created` signal), teach it `fold()`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 1, lambda text: None if text is None else fold(text), deterministic=True
        )
