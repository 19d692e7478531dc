"""Importing one month's workbook of N enterprises, three ways, into the same database:

- ZoneOps: ``manage.py import_monthly FILE --period YYYY-MM`` (matching, validation, history);
- ZoneOps through the job path, as the page takes a file (kept, checked, confirmed, written,
  the job's row updated on the way), its write step timed on its own as well;
- django-import-export: two ``ModelResource`` imports (the reports, then their values) of the
  same rows, read from the same file with import-export's own xlsx format;
- bare: a python-calamine read and two ``executemany`` inserts, no checks at all.

Before each run the period's reports are deleted, so every run starts from the same state (the
previous twelve months are in the database, as in a real zone), and after each the written
figures are compared: every peer must store the same numbers.

    DATABASE_URL=... python -m benchmarks.bench_import --enterprises 10000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

from benchmarks import VAR, setup_django
from benchmarks.generate import HEADERS, TO_FORM_UNIT, Scale, generate, write_workbook

PERIOD = (2024, 3)
CENT = Decimal("0.01")
FIRST_DATA_ROW = 4  # title, units row, two header rows


class Unavailable(Exception):
    """The thing to measure is not there (yet): say so instead of failing the run."""


def clear(period_id: int) -> None:
    """The period's reports gone, and everything that hangs on them (values, alerts and their
    months, revisions): through the ORM's cascade, as the tables that point at a report grow."""
    from django.db import transaction

    from zoneops.monitoring.models import Alert, MonthlyReport

    with transaction.atomic():
        Alert.objects.filter(period_id=period_id).delete()
        MonthlyReport.objects.filter(period_id=period_id).delete()


def fingerprint(period_id: int) -> tuple[Any, ...]:
    """What was written for the period: counts and the sum of every column per indicator."""
    from django.db.models import Count, Sum

    from zoneops.monitoring.models import MonthlyReport, ReportValue

    reports = MonthlyReport.objects.filter(period_id=period_id).count()
    sums = (
        ReportValue.objects.filter(report__period_id=period_id)
        .values("indicator__code")
        .annotate(
            n=Count("id"),
            month=Sum("month_value"),
            ytd=Sum("ytd_value"),
            last=Sum("last_ytd_value"),
        )
        .order_by("indicator__code")
    )
    return (reports, *(tuple(row.values()) for row in sums))


# -- ZoneOps -----------------------------------------------------------------------------------


def run_zoneops(path: Path, period_id: int) -> str:
    from django.core.management import call_command, get_commands
    from django.core.management.base import CommandError

    if "import_monthly" not in get_commands():
        raise Unavailable("manage.py import_monthly is not available yet")
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_monthly",
            str(path),
            period=f"{PERIOD[0]}-{PERIOD[1]:02d}",
            stdout=out,
            stderr=err,
        )
    except CommandError as exc:
        problems = [line for line in err.getvalue().splitlines() if line.strip()][:3]
        raise Unavailable(
            f"import_monthly refused the file: {exc}; " + " | ".join(problems)
        ) from exc
    return out.getvalue().splitlines()[0] if out.getvalue() else ""


# -- ZoneOps through the job path ----------------------------------------------------------------

# The write step of the last job-path run alone (the check step is the preview a person reads).
PHASES: dict[str, float] = {}


def run_job_path(path: Path, period_id: int) -> str:
    """The same file the way the page takes it: kept under IMPORT_ROOT, a job row, the check
    (every row, a dry run, the preview and its progress), the confirmation, then the write with
    its progress on the job's row. The task queue runs in this process (TASKS_IMMEDIATE), so the
    time is the job path's own, not a worker's polling."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zoneops.core.imports import jobs
    from zoneops.core.imports.registry import get_kind
    from zoneops.core.models import Role, User

    kind = get_kind("monthly")
    if kind is None:
        raise Unavailable("the monthly import kind is not registered")
    actor, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.ADMIN, "full_name": "基准测试管理员"}
    )
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    started = time.perf_counter()
    job = jobs.job_preview(
        kind=kind, upload=upload, actor=actor, options={"period": f"{PERIOD[0]}-{PERIOD[1]:02d}"}
    )
    checked = time.perf_counter()
    if job.status != "previewed":
        raise Unavailable(f"the job ended {job.status}: {job.error or job.problems[:2]}")
    job = jobs.job_commit(kind=kind, job=job, actor=actor)
    if job.status != "committed":
        raise Unavailable(f"the job ended {job.status}: {job.error or job.problems[:2]}")
    ended = time.perf_counter()
    PHASES.update(check=checked - started, write=ended - checked)
    return f"check {checked - started:.2f} s + write {ended - checked:.2f} s"


# -- django-import-export ----------------------------------------------------------------------


# How an informed user would configure it for a large file: no per-row diff (that is for the
# admin's preview). Row by row, as its bulk mode cannot look up existing rows by our keys.
IMPORT_EXPORT_OPTIONS: dict[str, Any] = {"skip_diff": True}


def run_import_export(path: Path, period_id: int) -> str:
    try:
        from import_export import fields, resources, widgets
        from import_export.formats.base_formats import XLSX
    except ImportError as exc:
        raise Unavailable("django-import-export is not installed (make bench-deps)") from exc
    import tablib
    from django.db import transaction

    from zoneops.enterprises.models import Enterprise
    from zoneops.monitoring.models import Indicator, MonthlyReport, ReportValue

    class FormUnit(widgets.DecimalWidget):
        """千元 and 万千瓦时 on the form, 元 and kWh in the database."""

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            number = super().clean(value, row, **kwargs)
            if number is None:
                return None
            return (number * TO_FORM_UNIT[row["indicator"]]).quantize(CENT)

    class ReportOfEnterprise(widgets.ForeignKeyWidget):
        def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
            return MonthlyReport.objects.filter(period_id=period_id)

    class ReportResource(resources.ModelResource):
        enterprise = fields.Field(
            attribute="enterprise",
            column_name="enterprise",
            widget=widgets.ForeignKeyWidget(Enterprise, field="credit_code"),
        )

        class Meta:
            model = MonthlyReport
            fields = ("enterprise", "period", "status", "source")
            import_id_fields = ("enterprise", "period")
            skip_diff = IMPORT_EXPORT_OPTIONS.get("skip_diff", False)
            use_bulk = IMPORT_EXPORT_OPTIONS.get("use_bulk", False)

    class ValueResource(resources.ModelResource):
        report = fields.Field(
            attribute="report",
            column_name="enterprise",
            widget=ReportOfEnterprise(MonthlyReport, field="enterprise__credit_code"),
        )
        indicator = fields.Field(
            attribute="indicator",
            column_name="indicator",
            widget=widgets.ForeignKeyWidget(Indicator, field="code"),
        )
        month_value = fields.Field(attribute="month_value", column_name="month", widget=FormUnit())
        ytd_value = fields.Field(attribute="ytd_value", column_name="ytd", widget=FormUnit())
        last_ytd_value = fields.Field(
            attribute="last_ytd_value", column_name="last_ytd", widget=FormUnit()
        )

        class Meta:
            model = ReportValue
            fields = ("report", "indicator", "month_value", "ytd_value", "last_ytd_value")
            import_id_fields = ("report", "indicator")
            skip_diff = IMPORT_EXPORT_OPTIONS.get("skip_diff", False)
            use_bulk = IMPORT_EXPORT_OPTIONS.get("use_bulk", False)

    # The sheet as import-export reads it; its first row (the title) becomes the headers.
    sheet = XLSX().create_dataset(path.read_bytes())
    reports = tablib.Dataset(headers=["enterprise", "period", "status", "source"])
    values = tablib.Dataset(headers=["enterprise", "indicator", "month", "ytd", "last_ytd"])
    for row in list(sheet)[FIRST_DATA_ROW - 1 :]:
        code = row[1]
        if not code:
            continue  # the 合计 row
        reports.append([code, period_id, "submitted", "import-export"])
        for n, (_, indicator) in enumerate(HEADERS):
            values.append([code, indicator, *row[3 + 3 * n : 6 + 3 * n]])
    with transaction.atomic():
        for resource, data in ((ReportResource(), reports), (ValueResource(), values)):
            result = resource.import_data(data, dry_run=False, raise_errors=True)
            if result.has_errors() or result.has_validation_errors():
                raise Unavailable("django-import-export reported errors")
    return f"{len(reports):,} reports, {len(values):,} values"


# -- bare --------------------------------------------------------------------------------------


def run_bare(path: Path, period_id: int) -> str:
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    from zoneops.enterprises.models import Enterprise
    from zoneops.monitoring.models import Indicator, MonthlyReport, ReportValue

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    enterprises = dict(Enterprise.objects.values_list("credit_code", "pk"))
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    text = connection.vendor == "sqlite"  # Django's SQLite adapter stores Decimal as text

    def number(cell: Any, code: str) -> Any:
        if cell in (None, ""):
            return None
        value = (Decimal(str(cell)) * TO_FORM_UNIT[code]).quantize(CENT)
        return str(value) if text else value

    data = [row for row in rows[FIRST_DATA_ROW:] if row[1]]
    reports, values = MonthlyReport._meta.db_table, ReportValue._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {reports} (enterprise_id, period_id, status, revision, explanation, "  # noqa: S608
            "return_reason, source) VALUES (%s, %s, 'submitted', 0, '', '', 'bare')",
            [(enterprises[row[1]], period_id) for row in data],
        )
        cursor.execute(
            f"SELECT enterprise_id, id FROM {reports} WHERE period_id = %s",  # noqa: S608
            [period_id],
        )
        report_ids = dict(cursor.fetchall())
        cursor.executemany(
            f"INSERT INTO {values} (report_id, indicator_id, month_value, ytd_value, "  # noqa: S608
            "last_ytd_value) VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    report_ids[enterprises[row[1]]],
                    indicators[code],
                    *(number(cell, code) for cell in row[3 + 3 * n : 6 + 3 * n]),
                )
                for row in data
                for n, (_, code) in enumerate(HEADERS)
            ],
        )
    return f"{len(data):,} rows"


PEERS: tuple[tuple[str, Callable[[Path, int], str]], ...] = (
    ("zoneops import_monthly", run_zoneops),
    ("zoneops job path (check + write)", run_job_path),
    ("django-import-export", run_import_export),
    ("calamine + executemany", run_bare),
)


def _load_modules() -> None:
    """Import what each way runs before timing any: a server has its modules loaded when a
    file is uploaded, and the first way timed would otherwise pay for the process's imports
    (about 0.15 s for ZoneOps' command and the parts of Django it loads)."""
    from contextlib import suppress
    from importlib import import_module

    from django.core.management import load_command_class

    from zoneops.core.imports.registry import get_kind

    load_command_class("zoneops.monitoring", "import_monthly")
    get_kind("monthly")  # the import kinds are registered on first use
    peers = ("python_calamine", "import_export.resources", "import_export.formats.base_formats")
    for name in peers:
        with suppress(ImportError):  # reported as not available when its turn comes
            import_module(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--no-import-export", action="store_true", help="leave django-import-export out (slow)"
    )
    args = parser.parse_args()
    # The job path's tasks run in this process, each file going the worker's way (not inline);
    # its uploads are kept under var/bench.
    os.environ.update(TASKS_IMMEDIATE="1", IMPORT_INLINE_BYTES="0", MEDIA_ROOT=str(VAR / "media"))
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from zoneops.monitoring.periods import period_get_or_create

    call_command("migrate", verbosity=0)
    # The twelve months before the imported one are in the database already.
    scale = Scale(args.enterprises, 1, end=(2024, 2), extra_months=1)
    generate(scale)
    path = VAR / f"monthly-{args.enterprises}.xlsx"
    started = time.perf_counter()
    rows = write_workbook(path, scale, PERIOD)
    print(f"workbook {path.name}: {rows:,} enterprises in {time.perf_counter() - started:.1f} s")
    period_id = period_get_or_create(*PERIOD).pk
    # The workbook carries the three figures every peer imports (产值, 销售产值, 用电量); the
    # zone's rule that a report holds every figure of its form (报表要求的指标必须填报) is
    # switched off here, as an office may in its catalogue, so the other figures are not asked.
    from zoneops.monitoring.models import RuleKind, ValidationRule

    ValidationRule.objects.filter(kind=RuleKind.REQUIRED_FIGURES).update(is_active=False)
    _load_modules()
    results: list[dict[str, Any]] = []
    reference = None
    for name, peer in PEERS:
        if args.no_import_export and peer is run_import_export:
            continue
        clear(period_id)
        started = time.perf_counter()
        try:
            note = peer(path, period_id)
        except Unavailable as exc:
            print(f"  {name:<34} not available: {exc}")
            results.append({"name": name, "seconds": None, "note": str(exc)})
            continue
        seconds = time.perf_counter() - started
        written = fingerprint(period_id)
        reference = reference or written
        same = written == reference
        print(f"  {name:<34} {seconds:8.2f} s   {note}" + ("" if same else "   DIFFERENT FIGURES"))
        results.append({"name": name, "seconds": seconds, "note": note, "same": same})
        if peer is run_job_path:
            results.append(
                {"name": "zoneops job path, write step", "seconds": PHASES["write"], "same": same}
            )
    clear(period_id)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"database": connection.vendor, "rows": rows, "results": results},
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
