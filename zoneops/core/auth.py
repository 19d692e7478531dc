"""Login throttling: repeated failures lock a username (and an address) for a while.

Counts live in the shared cache, so every app-server process sees the same lock.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    def key(kind: str, value: str) -> str:
        return "login-fail:" + kind + ":" + hashlib.sha256(value.lower().encode()).hexdigest()

    keys = [key("user", username)]
    if address:
        keys.append(key("addr", address))
    return keys


def login_is_locked(username: str, address: str) -> bool:
    user_key, *addr_key = _keys(username, address)
    if (cache.get(user_key) or 0) >= settings.LOGIN_MAX_FAILURES:
        return True
    # An address gets more room: several people may share one office gateway.
    return bool(addr_key) and (cache.get(addr_key[0]) or 0) >= settings.LOGIN_MAX_FAILURES * 4


def note_login_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCK_SECONDS)


def note_login_success(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])
