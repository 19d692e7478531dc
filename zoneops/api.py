"""The JSON API's assembly: one NinjaAPI, each app adding its router."""

from zoneops.core.api import api

__all__ = ["api"]
