"""Every demo login follows every link and htmx GET its pages show it, and none leads to a
403 or a server error: a link or button appears only where the person may follow it.

The crawl is bounded: URLs are deduplicated by their URL pattern and the names of their query
parameters (the tenth enterprise's page says nothing the first did not), and each login stops
after ``PAGES_PER_LOGIN`` pages. It prints its figures (pages, logins, 5xx, 403) and writes them
to ``var/crawl/links.json`` for the lead to quote.
"""

from __future__ import annotations

import json
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from tests.demo.conftest import Demo

PAGES_PER_LOGIN = 120
# Not pages: signing out ends the crawl's session; the API's own docs are a script page.
SKIP_PREFIXES = ("/static/", "/logout/", "/api/docs", "/i18n/")
# Downloads are opened, as every role that has them, by the export walk of this package.
SKIP_SUFFIXES = (".xlsx", ".docx", ".csv")
LINK_ATTRIBUTES = ("href", "hx-get", "data-hx-get")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in LINK_ATTRIBUTES) and (tag != "link" or name != "href"):
                self.found.append(value)


def _links(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for raw in parser.found:
        url, _fragment = urldefrag(raw.strip())
        if not url or url.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        if url.startswith("?"):
            url = urlsplit(base).path + url
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        out.append(url)
    return out


def _pattern(url: str) -> str | None:
    """The URL's pattern, and whether it names an enterprise or a page of a list: what makes
    two URLs the same page (a filter's other value says nothing new about who may follow it)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    names = {name for name, _v in parse_qsl(parts.query)} & {"enterprise"}
    return f"{match.route}?{'&'.join(sorted(names))}"


def _crawl(demo: Demo, username: str) -> dict[str, object]:
    client = demo.client(username)
    client.raise_request_exception = False
    seen: set[str] = set()
    queue: deque[tuple[str, str]] = deque([("/", "")])
    pages = 0
    refused: list[str] = []
    errors: list[str] = []
    missing: list[str] = []
    while queue and pages < PAGES_PER_LOGIN:
        url, source = queue.popleft()
        pattern = _pattern(url)
        if pattern is None or pattern in seen:
            if pattern is None:
                missing.append(f"{username} GET {url} (linked from {source}): no such URL")
            continue
        seen.add(pattern)
        response = client.get(url)
        pages += 1
        where = f"{username} GET {url} (linked from {source or 'the start'})"
        if response.status_code == 403:
            refused.append(where)
        elif response.status_code >= 500:
            errors.append(f"{where}: {response.status_code}")
        elif response.status_code == 404:
            missing.append(where)
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in _links(response.content.decode(), url):
            if _pattern(link) not in seen:
                queue.append((link, url))
    return {
        "pages": pages,
        "refused": refused,
        "errors": errors,
        "missing": missing,
    }


@pytest.mark.django_db
def test_no_visible_link_leads_to_403_or_a_server_error(demo: Demo) -> None:
    started = time.monotonic()
    logins = [*demo.usernames, "taskforce"]
    results = {username: _crawl(demo, username) for username in logins}
    refused = [line for r in results.values() for line in r["refused"]]  # type: ignore[attr-defined]
    errors = [line for r in results.values() for line in r["errors"]]  # type: ignore[attr-defined]
    figures = {
        "logins": len(logins),
        "pages": sum(int(r["pages"]) for r in results.values()),  # type: ignore[call-overload]
        "status_5xx": len(errors),
        "status_403": len(refused),
        "status_404": sum(len(r["missing"]) for r in results.values()),  # type: ignore[arg-type]
        "seconds": round(time.monotonic() - started, 1),
        "pages_by_login": {u: r["pages"] for u, r in results.items()},
    }
    out = Path(settings.BASE_DIR) / "var" / "crawl"
    out.mkdir(parents=True, exist_ok=True)
    (out / "links.json").write_text(
        json.dumps({**figures, "refused": refused, "errors": errors}, ensure_ascii=False, indent=1)
    )
    print(f"link crawl: {json.dumps(figures, ensure_ascii=False)}")
    assert not errors, "\n".join(errors)
    assert not refused, "\n".join(refused)
    # The crawl really walked the site: every login saw more than its home page.
    assert all(int(r["pages"]) > 1 for r in results.values()), figures  # type: ignore[call-overload]
