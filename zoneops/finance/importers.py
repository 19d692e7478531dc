"""Import of a bank's disbursement ledger (kind ``finance_ledger``), on the shared engine.

Banks send their own layouts (docs/domain.md#bank-ledgers): a title row, amounts in 万元 or 元,
columns in any
order and named in a bank's words. The amount's unit is read from its header (放款金额（万元）)
or from a title line above the header (单位：万元); without either it is 元. Enterprises are
matched by 统一社会信用代码, never by name; an unknown code is a bad cell, never a new
enterprise. Each row becomes a disbursement of the open case of that bank and enterprise, or of
a new case marked "reported by the bank". A row already imported (same bank, code, date and
amount) is unchanged, so the same file twice writes nothing the second time.

A bank user imports for their own bank; an officer's file names the bank in a column.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core.bounds import date_span, number_problem
from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, Column, Plan, Row, Spec, Table
from zoneops.core.imports.problems import Problem
from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.models import Bank, User
from zoneops.core.permissions import may
from zoneops.core.units import plain
from zoneops.enterprises.models import Enterprise
from zoneops.finance import services
from zoneops.finance.models import Disbursement

WAN = Decimal(10000)


def _amount_headers(*names: str) -> tuple[str, ...]:
    return tuple(f"{name}{unit}" for name in names for unit in ("", "(万元)", "(元)"))


class LedgerSpec(Spec):
    kind = "finance_ledger"
    columns = (
        Column(
            "统一社会信用代码",
            "credit_code",
            aliases=("获贷企业统一社会信用代码", "信用代码", "借款人统一社会信用代码"),
        ),
        Column(
            "借款人名称",
            "name",
            aliases=("企业名称", "获贷企业名称", "借款人", "客户名称"),
            required=False,
        ),
        Column(
            "放款金额",
            "amount",
            aliases=_amount_headers("放款金额", "获贷金额", "贷款金额", "发放金额", "金额")[1:],
            parse=cells.decimal,
        ),
        Column(
            "放款日期",
            "on",
            aliases=("获贷时间", "发放时间", "放款时间", "发放日期", "贷款发放日"),
            parse=cells.date,
        ),
        Column(
            "到期日",
            "maturity",
            aliases=("到期日期", "贷款到期日"),
            required=False,
            parse=cells.date,
        ),
        Column(
            "利率",
            "rate",
            aliases=("贷款利率", "年利率", "利率(%)", "执行利率", "贷款利率(%)"),
            required=False,
            parse=cells.decimal,
        ),
        Column("担保方式", "guarantee", required=False),
        Column("是否首贷", "first_loan", aliases=("首贷",), required=False, parse=cells.yes_no),
        Column(
            "放款银行",
            "bank",
            aliases=("放款金融机构名称", "贷款银行", "银行", "放款机构"),
            required=False,
        ),
    )

    def __init__(self) -> None:
        self.factor = Decimal(1)

    def bind(self, table: Table) -> list[Problem]:
        header = table.headers.get("amount", "")
        above = " ".join(
            str(cell) for row in table.sheet.rows[: table.header_row] for cell in row if cell
        )
        self.factor = (
            WAN if "万元" in header or ("万元" in above and "(元)" not in header) else Decimal(1)
        )
        return []

    def prepare(self, actor: Any) -> dict[str, Any]:
        return {
            "actor_bank": getattr(actor, "bank", None) if getattr(actor, "bank_id", None) else None,
            "banks": {bank.name: bank for bank in Bank.objects.all()},
            "enterprises": {},
            "keys": set(),
            "seen": set(),
        }

    def preload(self, rows: list[Row], context: dict[str, Any]) -> None:
        codes = {str(row.values.get("credit_code") or "").strip().upper() for row in rows}
        context["enterprises"] = {
            e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)
        }
        context["keys"] = set(
            Disbursement.objects.exclude(ledger_key="").values_list("ledger_key", flat=True)
        )

    def _bank(self, row: Row, context: dict[str, Any]) -> Bank | None:
        own: Bank | None = context["actor_bank"]
        named = (row.values.get("bank") or "").strip()
        if own is not None:
            if named and named != own.name:
                row.bad("bank", _("只能导入本行（%(bank)s）的放款") % {"bank": own.name})
                return None
            return own
        if not named:
            row.bad("bank" if row.has("bank") else None, _("请填写放款银行"))
            return None
        bank: Bank | None = context["banks"].get(named)
        if bank is None:
            row.bad("bank", _("银行“%(name)s”不在平台的银行名录中") % {"name": named})
        return bank

    def plan_row(self, row: Row, context: dict[str, Any]) -> list[Plan]:
        code = str(row.values.get("credit_code") or "").strip().upper()
        enterprise = context["enterprises"].get(code)
        if row.has("credit_code"):
            if not code:
                row.bad("credit_code", _("请填写统一社会信用代码"))
            elif enterprise is None:
                row.bad(
                    "credit_code",
                    _("统一社会信用代码 %(code)s 不在企业库中（不会新建企业）") % {"code": code},
                )
        amount = self._amount(row)
        on = self._date(row, "on", required=True)
        maturity = self._date(row, "maturity", required=False)
        rate = row.values.get("rate")
        if rate is not None and (problem := number_problem(Disbursement, "rate", rate)):
            row.bad("rate", problem)
        bank = self._bank(row, context)
        if row.problems or enterprise is None or amount is None or on is None or bank is None:
            return []
        key = f"{bank.pk}:{code}:{on.isoformat()}:{plain(amount)}"
        if key in context["seen"]:
            row.bad(None, _("与上文某行重复（同一银行、企业、日期和金额）"))
            return []
        context["seen"].add(key)
        return [
            Plan(
                row=row.number,
                action=UNCHANGED if key in context["keys"] else CREATE,
                key=key,
                label=f"{enterprise.name} {on.isoformat()} {plain(amount)}元",
                data={
                    "enterprise": enterprise,
                    "bank": bank,
                    "amount": amount,
                    "on": on,
                    "maturity": maturity,
                    "rate": rate,
                    "guarantee": (row.values.get("guarantee") or "")[:50],
                    "first_loan": row.values.get("first_loan"),
                    "ledger_key": key,
                },
            )
        ]

    def _amount(self, row: Row) -> Decimal | None:
        value = row.values.get("amount")
        if not row.has("amount"):
            return None
        if value is None:
            row.bad("amount", _("请填写放款金额"))
            return None
        # Bounded before anything else is done with it: 1e300 must not reach quantize().
        stored: Decimal = value * self.factor
        problem = number_problem(Disbursement, "amount", stored)
        if problem or stored <= 0:
            row.bad("amount", problem or _("放款金额应大于0"))
            return None
        return stored.quantize(Decimal("0.01"))

    def _date(self, row: Row, key: str, *, required: bool) -> dt.date | None:
        value: dt.date | None = row.values.get(key)
        if not row.has(key):
            return None
        if value is None:
            if required:
                row.bad(key, _("请填写日期"))
            return None
        if problem := date_span(Disbursement, key).problem(value):
            row.bad(key, problem)
            return None
        return value

    def write(self, plan: Plan, actor: Any, context: Any) -> None:
        data = dict(plan.data)
        case = services.reported_case(
            actor=actor, enterprise=data.pop("enterprise"), bank=data.pop("bank"), on=data["on"]
        )
        services.disbursement_add(actor=actor, case=case, check=False, **data)


def may_import(user: User) -> bool:
    return may(user, "finance.import")


register(
    ImportKind(
        key="finance_ledger",
        label=gettext_lazy("银行放款台账"),
        spec=LedgerSpec,
        allowed=may_import,
        description=gettext_lazy(
            "银行报送的放款明细：按统一社会信用代码匹配企业，金额可为元或万元（在表头或标题中注明），列的顺序与名称按银行习惯均可。"
        ),
    )
)
