"""Drives a ZoneOps database from outside the test process, as a second program would.

The integration tests run this (and the real worker, ``manage.py run_huey``) as subprocesses
against a database of their own (DATABASE_URL, ZONEOPS_VAR_DIR, TASKS_URL in the environment),
so that nothing shares the test runner's connection or transaction. Each command prints JSON.

    driver.py world ROWS FILE    a park, an administrator, an industry and a ROWS-row workbook
    driver.py upload FILE        the administrator uploads it as an enterprise import
    driver.py confirm JOB        the administrator confirms the job
    driver.py status JOB         the job's state and progress
    driver.py password PASSWORD  give the administrator a password (to sign in on a page)
    driver.py recover            mark the jobs whose worker died failed
    driver.py retry JOB          run a failed job again
    driver.py flush              empty the queue
    driver.py snapshot [all]     a digest of every domain table's rows ("all": and the jobs')
    driver.py change             change the registry (for the backup test)
    driver.py runs               the scheduled jobs' recorded runs
    driver.py writers N          N threads at once: each submits a monthly report and files
                                 an appeal, through the services, as its enterprise's user
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoneops.settings")

import django

django.setup()

import xlsxwriter  # noqa: E402
from django.apps import apps  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from zoneops.core.imports import jobs  # noqa: E402
from zoneops.core.imports.registry import get_kind  # noqa: E402
from zoneops.core.models import ImportJob, Role, User  # noqa: E402
from zoneops.core.tests.factories import ParkFactory  # noqa: E402
from zoneops.enterprises.codes import credit_code  # noqa: E402
from zoneops.enterprises.models import Enterprise  # noqa: E402
from zoneops.enterprises.tests.factories import industry  # noqa: E402

ADMIN = "integration-admin"


def world(rows: str, file: str) -> dict[str, Any]:
    ParkFactory(name="东川工业园", division_code="630102400")
    industry("3841")
    admin, _ = User.objects.get_or_create(
        username=ADMIN, defaults={"full_name": "管理员", "role": Role.ADMIN}
    )
    book = xlsxwriter.Workbook(file, {"constant_memory": True})
    sheet = book.add_worksheet("企业名录")
    sheet.write_row(0, 0, ["统一社会信用代码", "企业名称", "园区", "行业代码", "是否规上"])
    for n in range(1, int(rows) + 1):
        sheet.write_row(n, 0, [credit_code(n), f"青海批量{n}有限公司", "东川工业园", "3841", "否"])
    book.close()
    return {"admin": admin.pk, "size": Path(file).stat().st_size}


def _admin() -> User:
    return User.objects.get(username=ADMIN)


def upload(file: str) -> dict[str, Any]:
    kind = get_kind("enterprises")
    assert kind is not None
    data = Path(file).read_bytes()
    job = jobs.job_preview(
        kind=kind, upload=SimpleUploadedFile(Path(file).name, data), actor=_admin()
    )
    return status(str(job.pk))


def confirm(job_id: str) -> dict[str, Any]:
    kind = get_kind("enterprises")
    assert kind is not None
    jobs.job_commit(kind=kind, job=ImportJob.objects.get(pk=job_id), actor=_admin())
    return status(job_id)


def status(job_id: str) -> dict[str, Any]:
    job = ImportJob.objects.get(pk=job_id)
    return {
        "job": job.pk,
        "status": job.status,
        "done": job.rows_done,
        "total": job.rows_total,
        "error": job.error,
        "summary": job.summary,
        "worker": job.worker,
    }


def password(secret: str) -> dict[str, Any]:
    admin = _admin()
    admin.set_password(secret)
    admin.save(update_fields=["password"])
    return {"admin": admin.username}


def recover() -> dict[str, Any]:
    return {"failed": jobs.recover_all()}


def retry(job_id: str) -> dict[str, Any]:
    jobs.job_retry(job=ImportJob.objects.get(pk=job_id), actor=_admin())
    return status(job_id)


def flush() -> dict[str, Any]:
    """Empty this queue (its name is the test's own) in a shared Redis or PostgreSQL."""
    from huey.contrib.djhuey import HUEY

    HUEY.flush()
    return {"flushed": True}


def snapshot(scope: str = "") -> dict[str, Any]:
    """Per domain table: its row count and a digest of every row (all fields, by primary key).
    The import jobs' own rows are left out unless ``scope`` is "all"."""
    tables: dict[str, Any] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("zoneops.") or (model is ImportJob and scope != "all"):
            continue
        names = [field.attname for field in model._meta.concrete_fields]
        rows = model._default_manager.order_by("pk").values_list(*names)
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator(chunk_size=2000):
            digest.update(repr(row).encode())
            count += 1
        tables[model._meta.db_table] = [count, digest.hexdigest()]
    return tables


def change() -> dict[str, Any]:
    first = Enterprise.objects.order_by("pk").first()
    assert first is not None
    Enterprise.objects.filter(pk=first.pk).update(name="改过的名字有限公司")
    Enterprise.objects.order_by("-pk").first().delete()  # type: ignore[union-attr]
    ParkFactory(name="备份后新建园区", division_code="630199400")
    return {"changed": True}


def writers(count: str) -> dict[str, Any]:
    """``count`` enterprises' users, each in a thread of its own, all released at once."""
    import threading
    from decimal import Decimal

    from django.db import connection

    from zoneops.appeals import services as appeals
    from zoneops.appeals.models import Appeal, AppealEvent, Category, Channel, Urgency
    from zoneops.core.tests.factories import UserFactory
    from zoneops.enterprises.tests.factories import EnterpriseFactory
    from zoneops.monitoring import services as monitoring
    from zoneops.monitoring.models import MonthlyReport
    from zoneops.monitoring.periods import period_get_or_create

    n = int(count)
    park = ParkFactory(name="南川工业园", division_code="630103400")
    period = period_get_or_create(2024, 3)
    users = [
        UserFactory(
            username=f"writer-{i}",
            role=Role.ENTERPRISE,
            enterprise=EnterpriseFactory(name=f"青海并发{i}有限公司", park=park),
        )
        for i in range(n)
    ]
    connection.close()
    start = threading.Barrier(n)
    errors: list[str] = []

    def write(user: User) -> None:
        try:
            enterprise = Enterprise.objects.get(pk=user.enterprise_id)
            start.wait(timeout=60)
            monitoring.report_save(
                actor=user,
                enterprise=enterprise,
                period=period,
                figures={
                    "output_value": {
                        "month_value": Decimal("1200000"),
                        "ytd_value": Decimal("3600000"),
                        "last_ytd_value": Decimal("3400000"),
                        "last_month_value": None,
                    }
                },
                explanation="并发测试",
                submit=True,
            )
            appeals.appeal_create(
                user,
                enterprise=enterprise,
                channel=Channel.PORTAL,
                category=Category.HELP,
                urgency=Urgency.NORMAL,
                title=f"{enterprise.name}用电报装",
                content="新厂房用电报装已提交两周，请协调。",
            )
        except Exception as exc:  # every failure is reported, none hidden
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    reports = MonthlyReport.objects.filter(enterprise__park=park, period=period)
    filed = Appeal.objects.filter(enterprise__park=park)
    return {
        "errors": errors,
        "alive": sum(thread.is_alive() for thread in threads),
        "submitted": reports.filter(status="submitted").count(),
        "reports": reports.count(),
        "appeals": filed.count(),
        "numbers": len(set(filed.values_list("number", flat=True))),
        "events": AppealEvent.objects.filter(appeal__in=filed).count(),
    }


def runs() -> list[dict[str, Any]]:
    from zoneops.core.models import ScheduleRun

    return list(
        ScheduleRun.objects.order_by("pk").values("job", "trigger", "status", "error", "worker")
    )


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    print(json.dumps(globals()[command](*args), ensure_ascii=False, default=str))
