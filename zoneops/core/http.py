"""The request of a signed-in person: what a view behind ``login_required`` receives.

Django types ``request.user`` as ``User | AnonymousUser``; behind ``login_required`` (or an API
endpoint's auth) it is a :class:`~zoneops.core.models.User`, and services take that type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from zoneops.core.models import User

# Whoever asks: a permission check answers for the anonymous visitor and for the system (no
# person: demo data, scheduled jobs) too, with no.
Someone = User | AnonymousUser | None

if TYPE_CHECKING:

    class AuthedRequest(HttpRequest):
        user: User

else:
    AuthedRequest = HttpRequest
