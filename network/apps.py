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

        from . import panels  # noqa: F401 (registers the objectives letters on posts' and people's pages)
        from .models import Country, ObjectivesLetter, Person, Post, Posting, Zone

        autocomplete.register("post", Post, search_fields=["name"])
        autocomplete.register("country", Country, search_fields=["name"], also=countries_named)
        autocomplete.register("zone", Zone, search_fields=["name"])
        autocomplete.register(
            "person",
            Person,
            search_fields=["last_name", "first_name"],
            scopes={"postable": lambda people, user: people.postable_by(user)},
        )
        autocomplete.register(
            "posting",
            Posting,
            search_fields=["person__last_name", "person__first_name", "post__name"],
            select_related=["person", "post"],
            # The heads of post who have no objectives letter yet.
            scopes={
                "needs_letter": lambda postings, user: postings.filter(
                    Posting.head_role_q(), objectives_letter__isnull=True
                )
            },
        )
        autocomplete.register(
            "objectives-letter",
            ObjectivesLetter,
            search_fields=["posting__person__last_name", "posting__post__name"],
            select_related=["posting__person", "posting__post"],
        )
