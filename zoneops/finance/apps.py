from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "zoneops.finance"
    label = "finance"
    verbose_name = _("金融服务")
