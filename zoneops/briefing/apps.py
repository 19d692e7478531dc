from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingConfig(AppConfig):
    name = "zoneops.briefing"
    label = "briefing"
    verbose_name = _("管委会一张图")
