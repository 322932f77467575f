"""Reference lists of the cooperation record, loaded by a migration and editable afterwards."""

# The themes that recur everywhere in the network's work (DOMAIN.md).
THEMES = [
    "Terrorisme",
    "Criminalité organisée",
    "Trafic de stupéfiants",
    "Immigration irrégulière et filières de passeurs",
    "Traite des êtres humains",
    "Trafic d'armes",
    "Cybercriminalité",
    "Criminalité environnementale",
    "Fraude documentaire",
    "Blanchiment",
    "Sécurité civile et gestion de crise",
    "Sécurité routière",
    "Sécurité des grands événements",
    "Police du quotidien",
]

# French contributors: the ministry's directorates and other ministries.
DIRECTORATES = [
    ("DGPN", "Direction générale de la police nationale"),
    ("DGGN", "Direction générale de la gendarmerie nationale"),
    ("DGSCGC", "Direction générale de la sécurité civile et de la gestion des crises"),
    ("DGEF", "Direction générale des étrangers en France"),
    ("DGCL", "Direction générale des collectivités locales"),
    ("DSR", "Délégation à la sécurité routière"),
    ("SG", "Secrétariat général du ministère de l'Intérieur"),
    ("MJ", "Ministère de la Justice"),
    ("DGDDI", "Direction générale des douanes et droits indirects"),
    ("MEAE", "Ministère de l'Europe et des Affaires étrangères"),
]

# Services that send operational requests to the network.
REQUESTING_SERVICES = [
    ("OFAST", "Office anti-stupéfiants"),
    ("OCLTEH", "Office central pour la répression de la traite des êtres humains"),
    ("OCLAESP", "Office central de lutte contre les atteintes à l'environnement et à la santé publique"),
    ("OLTIM", "Office de lutte contre le trafic illicite de migrants"),
    ("SIRASCO", "Service d'information, de renseignement et d'analyse stratégique sur la criminalité organisée"),
    ("OCRGDF", "Office central pour la répression de la grande délinquance financière"),
    ("OFAC", "Office anti-cybercriminalité"),
    ("OCLCO", "Office central de lutte contre le crime organisé"),
    ("SCCOPOL", "Section centrale de coopération opérationnelle de police"),
    ("Gendarmerie", "Unités de gendarmerie"),
    ("Police", "Services de police"),
    ("Magistrats", "Magistrats"),
    ("Autre", "Autre office central"),
]
