from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("cooperation")

    def ready(self):
        from dcis import autocomplete

        from . import panels  # noqa: F401 (registers the post page's cooperation panel)
        from .models import Event, Institution, Theme

        autocomplete.register("theme", Theme, search_fields=["name"])
        autocomplete.register("institution", Institution, search_fields=["name"])
        autocomplete.register("event", Event, search_fields=["title"])
