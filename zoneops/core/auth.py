"""Sign-in throttling and the client's address.

Failures are counted in the shared cache (every app-server process sees the same counts) under
three keys, so that no stranger can lock out someone else:

- the account *from this address* (``LOGIN_MAX_FAILURES``): the usual guessing at one account;
- the address, whatever account it tries (``LOGIN_MAX_FAILURES_PER_ADDRESS``): one machine
  guessing at many accounts. It refuses that address only, never the account elsewhere;
- the account from every address (``LOGIN_MAX_FAILURES_PER_ACCOUNT``, much higher): guessing
  spread over many addresses.

The address is the client's real one: behind a proxy listed in ``TRUSTED_PROXIES`` it is taken
from ``X-Forwarded-For`` (the nearest address that is not a trusted proxy); from anyone else
the header is ignored, so a client cannot choose its own address.
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@memoize
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest | None) -> str:
    """The address of the client that sent ``request`` (see the module docstring)."""
    if request is None:
        return ""
    address = str(request.META.get("REMOTE_ADDR", "") or "")
    if not _is_trusted(address):
        return address
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    # Each proxy appends the address it saw: read from the right, past our own proxies.
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address  # a forged or broken header: the proxy's own address is all we know
        if not _is_trusted(hop):
            return hop
        address = hop
    return address


def _key(kind: str, *values: str) -> str:
    joined = "\n".join(value.lower() for value in values)
    return "login-fail:" + kind + ":" + hashlib.sha256(joined.encode()).hexdigest()


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    """(cache key, failures that lock it) for this attempt."""
    keys = [
        (_key("user-addr", username, address), settings.LOGIN_MAX_FAILURES),
        (_key("user", username), settings.LOGIN_MAX_FAILURES_PER_ACCOUNT),
    ]
    if address:
        keys.append((_key("addr", address), settings.LOGIN_MAX_FAILURES_PER_ADDRESS))
    return keys


def login_is_locked(username: str, address: str) -> bool:
    """Whether a sign-in as ``username`` from ``address`` is refused for now."""
    counts = cache.get_many([key for key, _limit in _keys(username, address)])
    return any((counts.get(key) or 0) >= limit for key, limit in _keys(username, address))


def note_login_failure(username: str, address: str) -> None:
    for key, _limit in _keys(username, address):
        cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCK_SECONDS)


def note_login_success(username: str, address: str) -> None:
    # The account's own count from here is forgiven; the address's and the zone-wide counts
    # stay, so that knowing one password does not reset the guessing at others.
    cache.delete(_key("user-addr", username, address))
