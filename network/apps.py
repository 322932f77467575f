from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def countries_named(words):
    """Countries whose name in the user's language holds every word: the database keeps the French one."""
    from django_countries import countries

    from dcis.folding import fold

    return Q(pk__in=[code for code, name in countries if all(word in fold(name) for word in words)])


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("network")

    def ready(self):
        from dcis import autocomplete

        from .models import Country, Person, Post, Zone

        autocomplete.register("post", Post, search_fields=["name"])
        autocomplete.register("country", Country, search_fields=["name"], also=countries_named)
        autocomplete.register("zone", Zone, search_fields=["name"])
        autocomplete.register(
            "person",
            Person,
            search_fields=["last_name", "first_name"],
            scopes={"postable": lambda people, user: people.postable_by(user)},
        )
