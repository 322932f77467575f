from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("partnerships")

    def ready(self):
        from dcis import autocomplete

        from . import panels  # noqa: F401 (registers what "my post" shows of the post's opportunities)
        from .models import Company, Grouping, TradeShow

        autocomplete.register("company", Company, search_fields=["name"])
        autocomplete.register("grouping", Grouping, search_fields=["name"])
        autocomplete.register("trade-show", TradeShow, search_fields=["name"])
