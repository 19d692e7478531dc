"""The JSON API's assembly: one NinjaAPI (core's endpoints), each app adding the routers its
``module.py`` declares."""

from zoneops.core import house
from zoneops.core.api import api

for prefix, router in house.api_routers():
    api.add_router(prefix, router)

__all__ = ["api"]
