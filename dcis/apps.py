from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from .aggregates import add_sqlite_functions


class DcisConfig(AppConfig):
    name = "dcis"
    verbose_name = _("DCIS network")

    def ready(self):
        from .folding import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="dcis.folding")
        connection_created.connect(add_sqlite_functions, dispatch_uid="dcis.aggregates")
