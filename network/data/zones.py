"""The directorate's zones and the zone of every country: reference data, loaded by a
migration and editable afterwards (admin)."""

# (zone, parent zone or None), parents first. The names are those of the regional seminars.
ZONES = [
    ("Europe", None),
    ("Balkans-Europe", "Europe"),
    ("Afrique", None),
    ("Afrique du Nord", "Afrique"),
    ("Afrique de l'Ouest", "Afrique"),
    ("Afrique de l'Est", "Afrique"),
    ("Afrique centrale et australe", "Afrique"),
    ("Amériques", None),
    ("Moyen-Orient", None),
    ("Asie", None),
    ("Asie centrale", "Asie"),
    ("Indo-Pacifique", "Asie"),
    # France and its overseas territories host no post, but every country has a zone.
    ("France et outre-mer", None),
]

# ISO 3166-1 codes (plus XK, Kosovo) by zone. Remote territories go with the nearest
# zone the network works in (South Georgia with the Americas, Heard Island with the
# Indo-Pacific).
COUNTRY_CODES = {
    "Europe": (
        "AD AM AT AX AZ BE BY CH CY CZ DE DK EE ES FI FO GB GE GG GI GR HU IE IM IS IT JE LI LT LU LV MC MT "
        "NL NO PL PT RU SE SJ SK SM TR UA VA"
    ),
    "Balkans-Europe": "AL BA BG HR ME MD MK RO RS SI XK",
    "Afrique du Nord": "DZ EG EH LY MA TN",
    "Afrique de l'Ouest": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Afrique de l'Est": "BI DJ ER ET IO KE KM MG MU RW SC SD SO SS TZ UG",
    "Afrique centrale et australe": "AO BW CD CF CG CM GA GQ LS MW MZ NA ST SZ TD ZA ZM ZW",
    "Amériques": (
        "AG AI AQ AR AW BB BM BO BQ BR BS BV BZ CA CL CO CR CU CW DM DO EC FK GD GL GS GT GY HN HT JM KN KY "
        "LC MS MX NI PA PE PR PY SR SV SX TC TT US UY VC VE VG VI"
    ),
    "Moyen-Orient": "AE BH IL IQ IR JO KW LB OM PS QA SA SY YE",
    "Asie centrale": "AF KG KZ MN TJ TM UZ",
    "Indo-Pacifique": (
        "AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN JP KH KI KP KR LA LK MH MM MO MP MV MY NF NP NR NU "
        "NZ PG PH PK PN PW SB SG TH TK TL TO TV TW UM VN VU WS"
    ),
    "France et outre-mer": "BL FR GF GP MF MQ NC PF PM RE TF WF YT",
}


def zone_of_country():
    """{ISO code: zone name}."""
    return {code: zone for zone, codes in COUNTRY_CODES.items() for code in codes.split()}
