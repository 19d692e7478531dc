"""restore FILE: replace the database and the media and import files with a backup's
(core/backup.py). Stop the app servers and the worker first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zoneops.core import backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`: the database and the media files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by manage.py backup")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup.read_manifest(options["file"])
            if options["interactive"]:
                answer = input(
                    f"This replaces the whole database and the media files with the backup of "
                    f"{manifest['created']}. Type 'yes' to continue: "
                )
                if answer.strip() != "yes":
                    raise CommandError("restore cancelled: nothing changed")
            backup.restore(options["file"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored the backup of {manifest['created']} from {options['file']}")
