"""The French catalogue: every message translated, none left fuzzy (gettext skips those, and the
page shows English), and the compiled catalogue the one the texts give."""

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES"


def unquote(lines):
    return "".join(ast.literal_eval(line) for line in lines)


def entries():
    """(flags, context, msgid, plural, [msgstr…]) of each live entry of the .po file."""
    for block in (LOCALE / "django.po").read_text().split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue  # obsolete
        flags = {flag.strip() for line in lines if line.startswith("#,") for flag in line[2:].split(",")}
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (.*)", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            else:
                fields[current].append(line)
        texts = {key: unquote(value) for key, value in fields.items()}
        if texts["msgid"] == "":
            continue  # the header
        translations = [texts[key] for key in sorted(texts) if key.startswith("msgstr")]
        yield flags, texts.get("msgctxt"), texts["msgid"], texts.get("msgid_plural"), translations


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = [msgid for flags, _, msgid, _, translations in entries() if "fuzzy" in flags or not all(translations)]
    assert problems == []


def test_the_compiled_catalogue_says_what_the_texts_say():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for _flags, context, msgid, plural, translations in entries():
        if plural:
            found = [
                catalogue.npgettext(context, msgid, plural, n) if context else catalogue.ngettext(msgid, plural, n)
                for n in (1, 2)
            ]
        else:
            found = [catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)]
        if found != translations:
            stale.append(msgid)
    assert stale == [], "run manage.py compilemessages"
