"""The demo network, built on the directorate's public figures (DOMAIN.md).

Plain data: the loader (`network.demo`) turns it into records. Names of people are
made up; posts, cities and competences follow what the directorate has said publicly.
"""

import datetime

# The 78 SSIs in 2025: (city, host country, extension countries). 25 in Europe, 34 in
# Africa and the Middle East, 12 in the Americas, 7 in Asia, as in the 2014 interview.
SSIS = [
    # Europe
    ("Londres", "GB", "IE"),  # Ireland until the Dublin post opens
    ("Berlin", "DE", ""),
    ("Madrid", "ES", "AD"),
    ("Rome", "IT", "SM VA MT"),
    ("Bruxelles", "BE", "LU"),
    ("La Haye", "NL", ""),
    ("Berne", "CH", "LI"),
    ("Vienne", "AT", "SK"),
    ("Varsovie", "PL", ""),
    ("Prague", "CZ", ""),
    ("Budapest", "HU", ""),
    ("Bucarest", "RO", "MD"),
    ("Sofia", "BG", ""),
    ("Belgrade", "RS", "ME"),
    ("Zagreb", "HR", "SI"),
    ("Sarajevo", "BA", ""),
    ("Tirana", "AL", "XK"),
    ("Skopje", "MK", ""),
    ("Athènes", "GR", "CY"),
    ("Lisbonne", "PT", ""),
    ("Vilnius", "LT", "LV EE"),
    ("Kiev", "UA", ""),
    ("Moscou", "RU", "BY KZ KG TJ TM UZ"),  # Uzbekistan until the Tashkent post opens
    ("Ankara", "TR", "GE AM AZ"),
    ("Stockholm", "SE", "NO DK FI IS"),
    # North Africa
    ("Alger", "DZ", ""),
    ("Rabat", "MA", ""),
    ("Tunis", "TN", ""),
    ("Le Caire", "EG", "SD"),
    ("Tripoli", "LY", ""),
    # West Africa
    ("Dakar", "SN", "GM CV GW"),
    ("Bamako", "ML", ""),
    ("Maputo", "MZ", ""),
    ("Ouagadougou", "BF", ""),
    ("Abidjan", "CI", "LR"),
    ("Conakry", "GN", "SL"),
    ("Lomé", "TG", ""),
    ("Cotonou", "BJ", ""),
    ("Accra", "GH", ""),
    ("Abuja", "NG", ""),
    ("Nouakchott", "MR", ""),
    # Central and southern Africa
    ("Yaoundé", "CM", "GQ"),
    ("N'Djamena", "TD", ""),
    ("Libreville", "GA", "ST"),
    ("Kinshasa", "CD", ""),
    ("Brazzaville", "CG", ""),
    ("Bangui", "CF", ""),
    ("Pretoria", "ZA", "BW NA LS SZ ZW MW ZM"),
    ("Luanda", "AO", ""),
    # East Africa and the Indian Ocean
    ("Nairobi", "KE", "UG RW BI TZ SS SO"),
    ("Addis-Abeba", "ET", "ER"),
    ("Djibouti", "DJ", ""),
    ("Antananarivo", "MG", "MU SC KM"),
    # Middle East
    ("Beyrouth", "LB", ""),
    ("Amman", "JO", ""),
    ("Bagdad", "IQ", ""),
    ("Riyad", "SA", "BH KW OM YE"),
    ("Abou Dabi", "AE", "QA"),
    ("Tel Aviv", "IL", "PS"),
    # The Americas
    ("Washington", "US", ""),
    ("Ottawa", "CA", ""),
    ("Mexico", "MX", "GT BZ"),
    ("Bogota", "CO", "EC"),
    ("Caracas", "VE", ""),
    ("Lima", "PE", "BO"),
    ("Brasilia", "BR", "SR GY"),
    ("Buenos Aires", "AR", "UY PY"),
    ("Santiago", "CL", ""),
    ("Saint-Domingue", "DO", "CU JM"),
    ("Panama", "PA", "CR NI HN SV"),
    ("Port-au-Prince", "HT", ""),
    # Asia and the Pacific
    ("Pékin", "CN", "MN"),
    ("Tokyo", "JP", "KR"),
    ("New Delhi", "IN", "NP LK MV BD"),
    ("Singapour", "SG", "BN MY PH"),
    ("Bangkok", "TH", "LA KH MM VN"),
    ("Jakarta", "ID", "TL"),
    ("Canberra", "AU", "NZ PG FJ"),
]

# The two posts whose attachés were expelled: open, with no ASI since (vacant).
EXPELLED = {"DZ": datetime.date(2025, 4, 15), "VE": datetime.date(2024, 8, 2)}

# Antennas: (city, country, parent SSI's city).
ANTENNAS = [
    ("Kuala Lumpur", "MY", "Singapour"),
    ("Colombo", "LK", "New Delhi"),
    ("Podgorica", "ME", "Belgrade"),
    ("Chisinau", "MD", "Bucarest"),
    ("Riga", "LV", "Vilnius"),
    ("Dar es Salaam", "TZ", "Nairobi"),
    ("Miami", "US", "Washington"),
]

# The 2026 openings, planned: (name, kind, city, country, parent SSI's city or None,
# country whose competence moves to it on opening, from which SSI's city).
PLANNED = [
    ("SSI Tachkent", "ssi", "Tachkent", "UZ", None, ("UZ", "Moscou")),
    ("SSI Dublin", "ssi", "Dublin", "IE", None, ("IE", "Londres")),
    ("Officier de liaison stupéfiants — Lima", "liaison", "Lima", "PE", "Lima", None),
    ("Officier de liaison stupéfiants — Quito", "liaison", "Quito", "EC", "Bogota", None),
    ("Poste généraliste — Paramaribo", "liaison", "Paramaribo", "SR", None, None),
    ("Officier de liaison stupéfiants — Los Angeles", "liaison", "Los Angeles", "US", "Washington", None),
    ("Officier de liaison cyber — Abidjan", "liaison", "Abidjan", "CI", "Abidjan", None),
    ("Officier de liaison cyber — Kyiv", "liaison", "Kyiv", "UA", "Kiev", None),
]

# The Baltic states: covered from Riga from 1992 to 2015, and from Vilnius since May 2022.
BALTICS = ("LV", "LT", "EE")

FIRST_NAMES = (
    "Alice Antoine Aurélie Benoît Camille Catherine Cédric Chloé Christophe Claire Damien David Delphine Élodie "
    "Émilie Éric Fabien Florence Franck Frédéric Guillaume Hélène Hugo Isabelle Jérôme Julie Julien Karine Laura "
    "Laurent Léa Lucie Marc Marie Mathieu Nathalie Nicolas Olivier Pascal Patrick Pauline Philippe Pierre Romain "
    "Sandrine Sébastien Sophie Stéphane Sylvie Thomas Valérie Vincent Xavier Yann Yannick Zoé"
).split()

LAST_NAMES = (
    "Arnaud Aubert Barbier Baron Benard Bertin Blanchard Bonnet Boucher Bourgeois Brun Caron Carpentier Chevalier "
    "Clément Colin Collet Denis Deschamps Dumas Dupuis Durand Fabre Faure Fleury Fontaine Fournier Gaillard "
    "Garnier Gauthier Gérard Giraud Guerin Guillot Hamon Henry Huet Jacquet Joly Lacroix Lambert Laurent Leclerc "
    "Lefebvre Legrand Lemaire Leroy Lucas Marchand Masson Mathieu Mercier Meunier Meyer Michel Morel Moulin "
    "Muller Noël Perrin Petit Picard Poirier Renard Renaud Rey Riviere Robin Roche Rolland Roussel Roy Schmitt "
    "Simon Tessier Vidal Vincent"
).split()

LANGUAGES = ["anglais", "espagnol", "arabe", "russe", "portugais", "allemand", "chinois", "italien", "turc"]

# Grades by corps, for the head of a post and for the other roles.
HEAD_GRADES = {
    "police": ["commissaire général", "commissaire divisionnaire", "commissaire"],
    "gendarmerie": ["colonel", "lieutenant-colonel", "général de brigade"],
}
STAFF_GRADES = {
    "police": ["commandant de police", "capitaine de police", "brigadier-chef", "major de police"],
    "gendarmerie": ["commandant", "capitaine", "adjudant-chef", "major"],
    "securite_civile": ["lieutenant-colonel de sapeurs-pompiers", "commandant de sapeurs-pompiers"],
    "other": ["attaché d'administration", "secrétaire administrative"],
}

DEMO_PASSWORD = "demo-dcis-2026"
# Fictional people and services get addresses in a domain reserved for examples.
EMAIL_DOMAIN = "dcis.example"

# Objectives letters: who signs them, the context they open with, the objectives they draw from
# (priority, objective, indicator, target over the tour).
LETTER_SIGNATORY = "Le directeur de la coopération internationale de sécurité"
LETTER_CONTEXT = (
    "%(post)s : poursuivre la coopération engagée avec les services partenaires et rendre compte de "
    "son retour pour la sécurité intérieure."
)
OBJECTIVES = [
    (
        "Criminalité organisée et narcotrafic",
        "Développer l’échange de renseignement sur les filières de stupéfiants",
        "demandes opérationnelles traitées",
        60,
    ),
    (
        "Criminalité organisée et narcotrafic",
        "Localiser les personnes recherchées par la justice française",
        "personnes recherchées localisées",
        20,
    ),
    (
        "Immigration irrégulière",
        "Renforcer la coopération contre les filières d’immigration irrégulière",
        "filières démantelées avec l’appui du poste",
        4,
    ),
    (
        "Terrorisme et radicalisation",
        "Consolider le dialogue antiterroriste avec les services partenaires",
        "réunions de travail bilatérales",
        8,
    ),
    (
        "Sécurité du quotidien",
        "Former les forces partenaires aux techniques d’intervention",
        "policiers et gendarmes formés",
        150,
    ),
    (
        "Cybersécurité et cybercriminalité",
        "Accompagner la montée en compétence cyber des services partenaires",
        "actions de formation cyber",
        6,
    ),
    (
        "Sécurité civile et gestion de crise",
        "Préparer avec l’ambassade la réponse aux crises",
        "exercices de crise conduits",
        2,
    ),
    (
        "Influence et coopération institutionnelle",
        "Promouvoir l’expertise et les entreprises françaises de sécurité",
        "opportunités de marché signalées",
        10,
    ),
]
