from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from .aggregates import add_sqlite_functions


class DcisConfig(AppConfig):
    name = "dcis"
    verbose_name = _("DCIS network")

    def ready(self):
        connection_created.connect(add_sqlite_functions, dispatch_uid="dcis.aggregates")
