"""Backup and restore of an install: the database and the files, in one archive.

A backup is a ``.tar.gz`` holding ``manifest.json`` (format, database engine, when), the
database — SQLite through its online backup API (``database.sqlite3``, consistent while the
site runs), PostgreSQL through ``pg_dump --format=custom`` (``database.pgdump``) — and the
files: ``media/`` (MEDIA_ROOT: attachments, the uploads kept with their import jobs, the
exports' files) and ``imports/`` when IMPORT_ROOT is set outside it. ``manage.py backup FILE``
and ``manage.py restore FILE`` run these.

A restore replaces the database's contents and the two directories with the archive's, on the
same engine; it refuses anything else before changing anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DIRECTORIES = {"media": "MEDIA_ROOT", "imports": "IMPORT_ROOT"}
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot be made; nothing was changed."""


@dataclass
class Summary:
    engine: str
    created: str
    files: int
    size: int


def _database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups cover SQLite and PostgreSQL, not {vendor}")
    return vendor


def _pg_env() -> dict[str, str]:
    db = _database()
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _pg_tool(name: str, *args: str) -> None:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed (apt install postgresql-client)")
    done = subprocess.run(  # noqa: S603 - the PostgreSQL client tool, fixed arguments
        [tool, *args], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {done.stderr.strip()[-2000:]}")


def _dump(folder: Path) -> Path:
    kind = engine()
    target = folder / DATABASE_FILES[kind]
    if kind == "sqlite":
        source = sqlite3.connect(str(_database()["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        name = str(_database()["NAME"])
        _pg_tool(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target), name
        )
    return target


def backup(target: Path) -> Summary:
    """Write the archive to ``target`` (first as ``target.part``, renamed when complete)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    kind = engine()
    created = timezone.localtime().isoformat(timespec="seconds")
    partial = target.with_name(target.name + ".part")
    files = 0
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        dump = _dump(Path(tmp))
        manifest = {"format": FORMAT, "engine": kind, "created": created, "database": dump.name}
        (Path(tmp) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(tmp) / MANIFEST, MANIFEST)
            archive.add(dump, dump.name)
            for member, root in _directories():
                if root.is_dir():
                    archive.add(root, member)
                    files += sum(1 for path in root.rglob("*") if path.is_file())
    partial.replace(target)
    return Summary(engine=kind, created=created, files=files, size=target.stat().st_size)


def _directories() -> list[tuple[str, Path]]:
    """(archive member, directory) of the files to keep: IMPORT_ROOT lies under MEDIA_ROOT by
    default (settings.py), and is then kept once, inside ``media/``."""
    roots = [(member, Path(getattr(settings, setting))) for member, setting in DIRECTORIES.items()]
    return [
        (member, root)
        for member, root in roots
        if not any(root != other and root.is_relative_to(other) for _m, other in roots)
    ]


def read_manifest(source: Path) -> dict[str, Any]:
    """The archive's manifest, or BackupError when it is not a backup this install can use."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(handle.read())
            names = set(archive.getnames())
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{source}: not a ZoneOps backup ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r} is not {FORMAT}")
    if manifest.get("engine") != engine():
        raise BackupError(
            f"{source}: a {manifest.get('engine')} backup cannot be restored into {engine()}"
        )
    if manifest.get("database") not in names:
        raise BackupError(f"{source}: the database ({manifest.get('database')}) is missing")
    return manifest


def restore(source: Path) -> dict[str, Any]:
    """Replace the database and the files with the archive's (the same engine only)."""
    source = Path(source)
    manifest = read_manifest(source)
    work = Path(tempfile.mkdtemp(prefix="zoneops-restore-", dir=Path(settings.VAR_DIR)))
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work, filter="data")
        _load(work / manifest["database"])
        for member, root in _directories():
            _replace(root, work / member)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def _load(dump: Path) -> None:
    connections.close_all()
    if engine() == "sqlite":
        source = sqlite3.connect(str(dump))
        live = sqlite3.connect(str(_database()["NAME"]), timeout=60)
        try:
            source.backup(live)
        finally:
            live.close()
            source.close()
    else:
        name = str(_database()["NAME"])
        _pg_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            name,
            str(dump),
        )


def _replace(root: Path, restored: Path) -> None:
    """Put the archive's copy of a directory in place of the current one (empty if none)."""
    root.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S%f")
    old = root.with_name(f".{root.name}.before-restore-{stamp}")
    if root.exists():
        root.rename(old)
    if restored.is_dir():
        shutil.move(str(restored), str(root))
    else:
        root.mkdir()
    shutil.rmtree(old, ignore_errors=True)
