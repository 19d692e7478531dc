"""One writer at a time for a read-then-write that no row lock can cover (the next number of a
sequence: the row it will follow may be the one another transaction is inserting).

On PostgreSQL a transaction-level advisory lock on the name: a second transaction waits until
the first commits, then reads what it wrote. On SQLite every write transaction is already
serialized (``transaction_mode: IMMEDIATE``, settings.py), so there is nothing to take.
"""

from __future__ import annotations

import hashlib

from django.db import connection


def serialize(name: str) -> None:
    """Hold ``name`` until the current transaction ends (call it inside ``atomic``)."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("serialize() holds its lock until the transaction ends: use atomic")
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
