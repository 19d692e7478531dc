"""The bank disbursement ledger: a bank's own layout (title row, 万元, columns in its order and
words), matched by credit code, all or nothing, idempotent, every bad cell named."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zoneops.core.imports import engine
from zoneops.core.models import ChangeRecord, ImportJob
from zoneops.core.tests.factories import BankFactory
from zoneops.finance.importers import LedgerSpec
from zoneops.finance.models import Disbursement, LoanCase, Stage
from zoneops.finance.tests.factories import credited_case, finance_officer, need

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[object]], sheet: str = "放款明细") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    for index, row in enumerate(rows):
        ws.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


def _ledger(world, *, amount_a: object = 300, code_b: str | None = None) -> bytes:
    """A bank's monthly ledger: a title, the unit in a line above the header, its own column
    order and names."""
    bank = world.bank_user.bank.name
    return _xlsx(
        [
            [f"{bank}2024年11月普惠贷款发放明细"],
            ["单位：万元"],
            [
                "序号",
                "借款人名称",
                "放款日期",
                "放款金额",
                "统一社会信用代码",
                "利率(%)",
                "担保方式",
                "到期日",
                "是否首贷",
                "放款金融机构名称",
            ],
            [
                1,
                world.enterprise_x.name,
                "2024-11-05",
                amount_a,
                world.enterprise_x.credit_code,
                3.45,
                "信用",
                "2025-11-04",
                "是",
                bank,
            ],
            [
                2,
                world.enterprise_y.name,
                "2024/11/18",
                128.5,
                code_b or world.enterprise_y.credit_code,
                3.2,
                "保证",
                "2025-11-17",
                "否",
                bank,
            ],
        ]
    )


def _run(data: bytes, actor, dry_run: bool = False):
    return engine.run(
        LedgerSpec(), data, actor=actor, dry_run=dry_run, filename="工行11月放款.xlsx"
    )


def test_the_ledger_stores_exact_amounts_in_yuan_and_links_open_cases(world):
    officer = finance_officer()
    bank = world.bank_user.bank
    made = need(world.enterprise_x, banks=(bank,), published_on=dt.date(2024, 10, 8))
    case = credited_case(made, bank, on=dt.date(2024, 10, 20))
    result = _run(_ledger(world), officer)
    assert result.ok, result.problems
    assert (result.created, result.unchanged) == (2, 0)
    x = Disbursement.objects.get(case__enterprise=world.enterprise_x)
    assert x.case == case  # the open case of that bank and enterprise
    assert (x.amount, x.on, x.rate, x.first_loan) == (
        Decimal("3000000.00"),
        dt.date(2024, 11, 5),
        Decimal("3.45"),
        True,
    )
    y = Disbursement.objects.get(case__enterprise=world.enterprise_y)
    assert y.amount == Decimal("1285000.00")
    assert y.case.route == LoanCase.Route.REPORTED  # no need led to it: reported by the bank
    case.refresh_from_db()
    assert case.stage == Stage.DISBURSED

    history = ChangeRecord.objects.count()
    again = _run(_ledger(world), officer)
    assert again.ok and (again.created, again.unchanged) == (0, 2)
    assert Disbursement.objects.count() == 2
    assert ChangeRecord.objects.count() == history


def test_amounts_in_yuan_by_header(world):
    data = _xlsx(
        [
            ["统一社会信用代码", "获贷金额（元）", "获贷时间", "放款银行"],
            [
                world.enterprise_x.credit_code,
                "1,250,000.5",
                "2024-11-05",
                world.bank_user.bank.name,
            ],
        ]
    )
    result = _run(data, finance_officer())
    assert result.ok, result.problems
    assert Disbursement.objects.get().amount == Decimal("1250000.50")


def test_a_bad_amount_and_an_unknown_code_are_both_named_and_nothing_is_written(world):
    officer = finance_officer()
    unknown = "91630100MA7XXXXX1Q"
    result = _run(_ledger(world, amount_a="三百", code_b=unknown), officer)
    assert not result.ok
    where = {(p.row, p.column): p.message for p in result.problems}
    assert any(row == 4 and column.startswith("D列") for row, column in where)
    assert any(
        row == 5 and column.startswith("E列") and unknown in msg
        for (row, column), msg in where.items()
    )
    assert {p.file for p in result.problems} == {"工行11月放款.xlsx"}
    assert {p.sheet for p in result.problems} == {"放款明细"}
    assert not Disbursement.objects.exists()
    assert not LoanCase.objects.exists()


def test_1e300_in_the_ledger_is_a_bad_cell(world):
    result = _run(_ledger(world, amount_a="1e300"), finance_officer())
    assert [(p.row, p.column[:2]) for p in result.problems] == [(4, "D列")]
    assert not Disbursement.objects.exists()


def test_a_bank_user_imports_only_its_own_banks_rows(world):
    other = _xlsx(
        [
            ["统一社会信用代码", "放款金额(万元)", "放款日期", "放款银行"],
            [world.enterprise_x.credit_code, 10, "2024-11-05", "另一家银行"],
        ]
    )
    result = _run(other, world.bank_user)
    assert [p.column[:2] for p in result.problems] == ["D列"]
    mine = _xlsx(
        [
            ["统一社会信用代码", "放款金额(万元)", "放款日期"],
            [world.enterprise_x.credit_code, 10, "2024-11-05"],
        ]
    )
    assert _run(mine, world.bank_user).ok
    assert Disbursement.objects.get().case.bank == world.bank_user.bank


def test_an_officers_file_must_name_the_bank(world):
    data = _xlsx(
        [
            ["统一社会信用代码", "放款金额(万元)", "放款日期"],
            [world.enterprise_x.credit_code, 10, "2024-11-05"],
        ]
    )
    result = _run(data, finance_officer())
    assert not result.ok and "放款银行" in result.problems[0].message


def _upload(client, data: bytes, name: str = "本行11月放款.xlsx"):
    return client.post(
        reverse("imports:upload", args=["finance_ledger"]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_a_bank_user_imports_its_own_ledger_through_the_import_pages(world, login):
    client = login(world.bank_user)
    work = client.get(reverse("finance:worklist")).content.decode()
    assert reverse("imports:upload", args=["finance_ledger"]) in work
    # The bank's import page offers its ledger and nothing else.
    kinds = [k.key for k in client.get(reverse("imports:list")).context["kinds"]]
    assert kinds == ["finance_ledger"]
    response = _upload(client, _ledger(world))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.PREVIEWED
    assert not Disbursement.objects.exists()  # a preview writes nothing
    client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED, job.error
    paid = Disbursement.objects.select_related("case")
    assert {d.case.bank_id for d in paid} == {world.bank_user.bank_id}
    assert sorted(d.amount for d in paid) == [Decimal("1285000.00"), Decimal("3000000.00")]


def test_a_bank_user_cannot_import_for_another_bank(world, login):
    other = BankFactory(name="中国建设银行西宁城西支行")
    rows = [
        ["统一社会信用代码", "放款金额（元）", "放款日期", "放款银行"],
        [world.enterprise_x.credit_code, 500000, "2024-11-05", other.name],
    ]
    data = _xlsx(rows)
    client = login(world.bank_user)
    _upload(client, data)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED
    assert any(other.name in p["message"] or "本行" in p["message"] for p in job.problems)
    assert any(p.get("column") for p in job.problems)
    assert not Disbursement.objects.exists() and not LoanCase.objects.exists()
    # An enterprise user has no import page at all.
    assert login(world.ent_x_user).get(reverse("imports:list")).status_code == 404
    page = client.get(reverse("imports:detail", args=[job.pk]))
    assert "只能导入本行" in page.content.decode()
