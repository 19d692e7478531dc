"""English is complete: every message in every catalogue is translated, none is fuzzy, and the
compiled forms ship with the project.

The platform's shared strings live in ``zoneops/locale``; an app that brings many strings of its
own keeps them in its own ``zoneops/<app>/locale`` (Django reads both), so that apps built side by
side never edit the same catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "zoneops"
CATALOGUES = sorted(ROOT.glob("**/locale/en/LC_MESSAGES/django.po"))


def _entries(po: Path) -> list[str]:
    return po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first block is the header


def test_the_shared_catalogue_is_among_them():
    assert ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_none_is_fuzzy(po: Path):
    untranslated = []
    for block in _entries(po):
        if "#, fuzzy" in block or re.search(r'^msgstr(\[\d\])? ""\n(?!")', block + "\n", re.M):
            msgid = re.search(r'msgid "(.*)"', block)
            untranslated.append(msgid.group(1) if msgid else block[:60])
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_shipped(po: Path):
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 1_000
