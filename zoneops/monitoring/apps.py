from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "zoneops.monitoring"
    label = "monitoring"
    verbose_name = _("经济运行监测调度")
