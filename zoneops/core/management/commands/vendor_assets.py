"""Copy the front-end files the pages use from node_modules/ (installed by npm from
package.json's pinned versions) into var/vendor/, where the static files finder looks.

Only the built files are copied, so collectstatic stays small and nothing loads from a CDN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FILES = {
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
    "bootstrap-icons/font/fonts/bootstrap-icons.woff2": "bootstrap-icons/fonts/bootstrap-icons.woff2",
    "bootstrap-icons/font/fonts/bootstrap-icons.woff": "bootstrap-icons/fonts/bootstrap-icons.woff",
    "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
}


class Command(BaseCommand):
    help = "Copy the pinned front-end files from node_modules/ into var/vendor/."

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(settings.BASE_DIR) / "node_modules"
        target = Path(settings.BASE_DIR) / "var" / "vendor"
        missing = [name for name in FILES if not (source / name).exists()]
        if missing:
            raise CommandError(
                "node_modules is incomplete (run `npm ci` first); missing: " + ", ".join(missing)
            )
        for name, dest in FILES.items():
            path = target / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            data = (source / name).read_bytes()
            if name.endswith((".css", ".js")):
                # Built files end with a sourceMappingURL to maps we do not ship.
                data = b"\n".join(
                    line for line in data.split(b"\n") if b"sourceMappingURL=" not in line
                )
            path.write_bytes(data)
        self.stdout.write(f"copied {len(FILES)} front-end files into {target}")
