"""What the import commands share: run a spec on a file and print its result or its problems."""

from __future__ import annotations

import abc
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zoneops.core.imports import Result, Spec, run
from zoneops.core.models import User

# Files with more rows than this print their progress as they go.
PROGRESS_FROM_ROWS = 1000


class ImportCommand(BaseCommand, abc.ABC):
    """Base of ``import_*`` commands: FILE, --dry-run and --user; exit status 1 on problems."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx, .xls, .ods or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--user", help="import as this user (default: the system, no permission checks)"
        )

    @abc.abstractmethod
    def spec(self) -> Spec:
        """The spec of this command's kind of import (with the command's options)."""

    def actor(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = self.actor(options.get("user"))
        self.check_actor(actor)
        started = time.monotonic()
        result = run(
            self.spec(),
            path,
            actor=actor,
            dry_run=options["dry_run"],
            filename=path.name,
            progress=self.progress,
        )
        self.report(result, dry_run=options["dry_run"], seconds=time.monotonic() - started)

    def check_actor(self, actor: User | None) -> None:
        """Refuse a user who may not run this kind of import (the system may)."""

    def progress(self, done: int, total: int) -> None:
        # One line per tenth of the work: readable in a terminal and in a log file alike.
        if total < PROGRESS_FROM_ROWS:
            return
        tenth = done * 10 // total
        if tenth > getattr(self, "_last_tenth", -1):
            self._last_tenth = tenth
            self.stderr.write(f"进度 {done * 100 // total}%（{done}/{total}）")

    def report(self, result: Result, *, dry_run: bool, seconds: float) -> None:
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem.line())
            raise CommandError(
                f"导入被拒绝：发现 {len(result.problems)} 个问题，未写入任何数据。", returncode=1
            )
        verb = "检查通过（试运行，未写入）" if dry_run else "导入完成"
        self.stdout.write(
            f"{verb}：{result.file} · {result.sheet} · {result.rows} 行 · 新增 {result.created} · "
            f"修改 {result.updated} · 未变 {result.unchanged} · 用时 {seconds:.1f} 秒"
        )
        self.report_details(result)

    def report_details(self, result: Result) -> None:
        """Kind-specific lines after the summary."""
