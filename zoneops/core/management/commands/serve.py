"""serve [--bind ADDR] [--workers N]: gunicorn and the task worker together, as `make run` runs
them. Ctrl-C (or SIGTERM) stops both; if either stops by itself the other is stopped too, so the
site never runs without its worker unnoticed."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

STOP_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Run gunicorn and the task worker (manage.py run_huey); Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--timeout", type=int, default=120)

    def handle(self, *args: Any, **options: Any) -> None:
        bin_dir = Path(sys.executable).parent
        web = [
            str(bin_dir / "gunicorn"),
            "zoneops.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
        ]
        worker = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_huey"]
        # Our own interpreter and its gunicorn, with fixed arguments.
        children = [subprocess.Popen(web), subprocess.Popen(worker)]  # noqa: S603
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
        code = next((child.returncode for child in children if child.returncode), 0)
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if code and not stopping:
            self.stderr.write(f"a process stopped with exit code {code}: stopped the other too")
            sys.exit(code)
