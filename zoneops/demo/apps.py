from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo zone's builders and its command (``manage.py demo_zone``): the one package allowed
    to know every app, above them all."""

    name = "zoneops.demo"
    label = "demo"
    verbose_name = _("演示数据")
