"""Enterprise services as JSON. Thin: parse, call a query or a service, answer.

An enterprise user sees only its own applications, matches and difficulties; an enterprise
or application outside the caller's scope is 404, as on the pages.

The endpoints are grouped by topic (programs, work, cultivation); importing each registers
its endpoints on the one ``router``.
"""

from zoneops.support.api import cultivation, programs, work  # noqa: F401  (registers endpoints)
from zoneops.support.api.common import router

__all__ = ["router"]
