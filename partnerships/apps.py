from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("partnerships")

    def ready(self):
        from . import panels  # noqa: F401 (registers what "my post" shows of the post's opportunities)
