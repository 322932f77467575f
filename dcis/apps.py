from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DcisConfig(AppConfig):
    name = "dcis"
    verbose_name = _("DCIS network")
