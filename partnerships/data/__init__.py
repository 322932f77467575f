"""Reference lists of the partnerships record, loaded by a migration and editable afterwards."""

DOMAINS = [
    "Vidéoprotection",
    "Police technique et scientifique",
    "Équipements de protection",
    "Cybersécurité",
    "Communications et radiocommunications",
    "Véhicules",
    "Contrôle aux frontières",
    "Documents d'identité et biométrie",
    "Sécurité civile et lutte contre l'incendie",
    "Formation",
    "Drones et lutte anti-drones",
    "Systèmes d'information et de commandement",
]
