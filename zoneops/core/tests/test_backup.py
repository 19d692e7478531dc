"""A restore refuses, before changing anything, a file that is not a backup it can use (the
round trip itself is tests/integration/test_backup.py)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zoneops.core.models import Park
from zoneops.core.tests.factories import ParkFactory

pytestmark = pytest.mark.django_db


def _archive(path: Path, manifest: dict[str, object] | None, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        files = dict(members)
        if manifest is not None:
            files["manifest.json"] = json.dumps(manifest).encode()
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _refused(path: Path, message: str) -> None:
    ParkFactory(name="东川工业园")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--noinput")
    assert list(Park.objects.values_list("name", flat=True)) == ["东川工业园"]


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    plain = tmp_path / "台账.tar.gz"
    plain.write_bytes(b"not an archive")
    _refused(plain, "not a ZoneOps backup")
    _refused(_archive(tmp_path / "other.tar.gz", None, {"x.txt": b"1"}), "not a ZoneOps backup")


def test_a_backup_of_the_other_engine_or_without_its_database_is_refused(tmp_path):
    here = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    other = "postgresql" if here == "sqlite" else "sqlite"
    manifest = {"format": 1, "engine": other, "created": "2024-03-05T02:00:00+08:00"}
    _refused(
        _archive(tmp_path / "a.tar.gz", {**manifest, "database": "db"}, {"db": b""}),
        f"a {other} backup cannot be restored into {here}",
    )
    mine = {**manifest, "engine": here, "database": "database.sqlite3"}
    _refused(_archive(tmp_path / "b.tar.gz", mine, {}), "the database .* is missing")
    _refused(
        _archive(tmp_path / "c.tar.gz", {**mine, "format": 9}, {"database.sqlite3": b""}),
        "format 9",
    )


def test_restore_asks_first(tmp_path, monkeypatch):
    here = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    manifest = {"format": 1, "engine": here, "created": "2024-03-05T02:00", "database": "d"}
    path = _archive(tmp_path / "a.tar.gz", manifest, {"d": b""})
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    ParkFactory(name="东川工业园")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(path))
    assert Park.objects.count() == 1
