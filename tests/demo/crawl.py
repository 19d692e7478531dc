"""A bounded walk of the demo site as one login: follow the links a person can click, from the
home page, and keep what each answered (pages, downloads, status codes).

Pages that differ only by an object's id (or by a query's values) are one kind of page: the
walk opens the first of each kind it meets, so a role's walk stays within ``limit`` pages.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from zoneops.core.exports import XLSX

# Links that leave the walk: signing out or switching language would change the walker, the
# API answers JSON (schemathesis walks it), static files are not pages.
SKIP = ("/logout", "/i18n/", "/api/", "/static/", "/media/", "/admin/")
SKIP_TAGS = {"script", "style", "template", "noscript"}
DOWNLOADS = (".xlsx", ".docx", ".csv")


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    body: bytes


@dataclass
class Walk:
    username: str
    visits: list[Visit] = field(default_factory=list)

    def pages(self) -> list[Visit]:
        return [v for v in self.visits if v.status == 200 and "html" in v.content_type]

    def downloads(self) -> list[Visit]:
        return [v for v in self.visits if v.status == 200 and v.content_type.startswith(XLSX)]


class _Page(HTMLParser):
    """The links of a page and the text a person reads on it (no scripts, styles, attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.inputs: list[tuple[str, str]] = []  # (name, value) of every input with a value
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in SKIP_TAGS:
            self._skipping += 1
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag == "input" and found.get("value") and found.get("type") not in ("hidden",):
            self.inputs.append((found.get("name") or "", found["value"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.text.append(data.strip())


def parse(body: bytes) -> _Page:
    page = _Page()
    page.feed(body.decode("utf-8", errors="replace"))
    return page


def visible_text(body: bytes) -> list[str]:
    """The text nodes a person reads on the page."""
    return parse(body).text


def kind_of(url: str) -> str | None:
    """One key per kind of page: the URL's route (ids left out) and the names of its query's
    parameters; None for what the walk does not follow."""
    path, query = urlsplit(url).path, urlsplit(url).query
    if path.startswith(SKIP):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return path  # a 404 behind a link is still worth a look
    if path.endswith(DOWNLOADS):
        return match.route  # a ledger's file is the same file whatever its filters
    names = sorted({name for name, _ in parse_qsl(query, keep_blank_values=True)} - {"page"})
    return f"{match.route}?{'&'.join(names)}"


def _local(href: str, base: str) -> str | None:
    href, _ = urldefrag(href.strip())
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "http:", "https:", "//")):
        return None
    if href.startswith("?"):
        return urlsplit(base).path + href
    if not href.startswith("/"):
        return None
    return href


def walk(client: Client, username: str, *, start: str = "/", limit: int = 150) -> Walk:
    """Open ``start`` and every page a link leads to, one of each kind, up to ``limit``."""
    result = Walk(username)
    queue: deque[str] = deque([start])
    seen: set[str] = {kind_of(start) or start}
    while queue and len(result.visits) < limit:
        url = queue.popleft()
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = b"" if getattr(response, "streaming", False) else response.content
        result.visits.append(Visit(url, response.status_code, content_type, body))
        if response.status_code != 200 or "html" not in content_type:
            continue
        for href in parse(body).links:
            local = _local(href, url)
            if local is None:
                continue
            kind = kind_of(local)
            if kind is None or kind in seen:
                continue
            seen.add(kind)
            queue.append(local)
    return result
