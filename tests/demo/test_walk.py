"""Every demo login walks the site from its home page (tests/demo/crawl.py), once for this module,
and what they were shown is checked the way a person would read it: no number in scientific
notation in any form or page, no raw code where a label belongs, every export opens and has rows.

Before the walk, every stored amount from one million up is cut to a whole 十万 (500 000 元 is
50万元): round figures are what officers type, and a round figure is the one that
``Decimal.normalize()`` turns into ``5E+1``. The demo's own figures are rarely round.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import BigIntegerField, F, Q, Value
from django.db.models.functions import Cast
from django.urls import URLPattern, URLResolver, get_resolver
from python_calamine import CalamineWorkbook

from tests.demo.conftest import Demo
from tests.demo.crawl import Walk, kind_of, parse, walk

LIMIT = 150  # pages per login
EXPONENT = re.compile(r"\d[eE][+-]?\d")
# What a code looks like: snake_case (high_tech, electricity_ratio_v1) or app.model.
IDENTIFIER = re.compile(r"[a-z]+_[a-z_]+|(?<![\w@./-])[a-z]+\.[a-z]+(?![\w@/-])")


def _round_amounts() -> None:
    """Every stored decimal from one million up, cut to a whole 十万 of its unit."""
    step = 100_000
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.DecimalField):
                continue
            big = Q(**{f"{f.name}__gte": 1_000_000}) | Q(**{f"{f.name}__lte": -1_000_000})
            whole = Cast(F(f.name) / Value(Decimal(step)), BigIntegerField())
            as_field = models.DecimalField(max_digits=f.max_digits, decimal_places=f.decimal_places)
            rounded = Cast(whole * Value(step), as_field)
            model._base_manager.filter(big).update(**{f.name: rounded})


@pytest.fixture(scope="module")
def walks(demo_zone: Demo, django_db_blocker: Any) -> Iterator[dict[str, Walk]]:
    with django_db_blocker.unblock(), transaction.atomic():
        _round_amounts()
        started = time.process_time()
        result = {}
        for username in demo_zone.usernames:
            client = demo_zone.client(username)
            client.raise_request_exception = False
            result[username] = walk(client, username, limit=LIMIT)
        result["_seconds"] = time.process_time() - started  # type: ignore[assignment]
        yield result
        transaction.set_rollback(True)


def _logins(walks: dict[str, Walk]) -> dict[str, Walk]:
    return {k: v for k, v in walks.items() if not k.startswith("_")}


def test_every_login_walks_pages_without_a_server_error(walks: dict[str, Walk]) -> None:
    logins = _logins(walks)
    errors = [(u, v.url) for u, w in logins.items() for v in w.visits if v.status >= 500]
    assert errors == []
    # The walk reaches the site, not just a home page (the bank's is its only page today).
    assert sum(len(w.pages()) for w in logins.values()) > 600
    assert all(len(w.pages()) >= 1 for w in logins.values())


def test_no_number_in_scientific_notation_in_any_form_or_page(walks: dict[str, Walk]) -> None:
    found, figures_in_forms = [], 0
    for username, w in _logins(walks).items():
        for visit in w.pages():
            page = parse(visit.body)
            for name, value in page.inputs:
                if EXPONENT.search(value):
                    found.append((username, visit.url, name, value))
                elif re.fullmatch(r"-?\d+(\.\d+)?", value):
                    figures_in_forms += 1
            found += [(username, visit.url, "", t) for t in page.text if EXPONENT.search(t)]
    assert not found, "\n".join(map(str, sorted(set(found))[:60]))
    assert figures_in_forms > 100  # the walk opened edit forms holding figures


def _has_rows(content: bytes) -> int:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows = 0
    for name in book.sheet_names:
        rows += sum(
            1 for row in book.get_sheet_by_name(name).to_python() if any(c != "" for c in row)
        )
    return rows


def _export_routes() -> set[str]:
    """Every download the site offers, by route (zoneops/*/urls.py)."""
    routes: set[str] = set()

    def visit(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                visit(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and str(p.pattern).endswith(".xlsx"):
                routes.add(prefix + str(p.pattern))

    visit(get_resolver().url_patterns, "")
    return routes


# Downloads that only exist after someone has done something the demo does not do.
NOT_IN_THE_DEMO = {"imports/<int:job_id>/errors.xlsx"}


def test_every_export_opens_with_rows_for_every_login_that_has_it(walks: dict[str, Walk]) -> None:
    opened: dict[str, int] = {}  # route -> most rows any login got
    broken = []
    for username, w in _logins(walks).items():
        for visit in w.visits:
            if not visit.url.split("?")[0].endswith(".xlsx"):
                continue
            if visit.status != 200:
                broken.append((username, visit.url, visit.status))
                continue
            try:
                rows = _has_rows(visit.body)
            except Exception as exc:
                broken.append((username, visit.url, repr(exc)))
                continue
            if rows < 1:  # the header, even where this login's list is empty
                broken.append((username, visit.url, "no header"))
            route = str(kind_of(visit.url))
            opened[route] = max(opened.get(route, 0), rows)
    assert not broken, "\n".join(map(str, broken))
    assert _export_routes() - NOT_IN_THE_DEMO <= set(opened)
    # Each export holds rows (a header and at least one row) for some login of the demo.
    assert [route for route, rows in opened.items() if rows < 2] == []


def test_no_raw_code_in_visible_text(walks: dict[str, Walk]) -> None:
    found: dict[str, set[str]] = {}
    for w in _logins(walks).values():
        for visit in w.pages():
            for text in parse(visit.body).text:
                for token in IDENTIFIER.findall(text):
                    found.setdefault(token, set()).add(visit.url)
                if "kWh" in text:  # the site shows power in 万千瓦时
                    found.setdefault("kWh", set()).add(visit.url)
    assert not found, "\n".join(f"{k}: {sorted(v)[:3]}" for k, v in sorted(found.items()))


def test_the_walk_is_bounded(walks: dict[str, Walk]) -> None:
    assert all(len(w.visits) <= LIMIT for w in _logins(walks).values())
    assert walks["_seconds"] < 120  # type: ignore[operator]
