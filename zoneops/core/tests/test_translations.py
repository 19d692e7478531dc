"""English is complete: every message in the catalogue is translated, none is fuzzy, and its
compiled form ships with the project."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "zoneops" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    return PO.read_text(encoding="utf-8").split("\n\n")[1:]  # the first block is the header


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = []
    for block in _entries():
        if "#, fuzzy" in block or re.search(r'^msgstr(\[\d\])? ""\n(?!")', block + "\n", re.M):
            msgid = re.search(r'msgid "(.*)"', block)
            untranslated.append(msgid.group(1) if msgid else block[:60])
    assert untranslated == []


def test_compiled_catalogue_is_shipped():
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 10_000
