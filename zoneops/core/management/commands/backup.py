"""backup FILE: the database (SQLite's online backup, or pg_dump) and the media and import
files in one .tar.gz (core/backup.py). Safe while the site runs; docs/deploy.md says how often
and where to keep it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zoneops.core import backup


class Command(BaseCommand):
    help = "Back up the database and the media files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="the archive to write, e.g. zoneops-2024-03-05.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup.backup(options["file"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{options['file']}: {summary.engine} database and {summary.files} files, "
            f"{summary.size / 1024 / 1024:.1f} MB ({summary.created})"
        )
