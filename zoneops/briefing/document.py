"""The briefing as a Word document, drawn from a snapshot (content.py) by the core document
engine: the masthead, the title, the sections in order with their tables and charts, the
office's 下步工作, and the same-set note. The same snapshot gives the same file."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.utils.translation import gettext as _

from zoneops.briefing import content, queries
from zoneops.briefing.content import quantity, yi
from zoneops.core.documents import Document
from zoneops.core.units import dec, one, pct
from zoneops.monitoring import public as monitoring

NUMERALS = "一二三四五六七八九十"


def title_of(facts: dict[str, Any]) -> str:
    return _("%(year)s年%(label)s%(place)s经济运行情况") % {
        "year": facts["year"],
        "label": facts["label"],
        "place": facts["place"],
    }


def filename(snapshot: dict[str, Any]) -> str:
    facts = snapshot["facts"]
    version = snapshot.get("version") or 0
    suffix = f"_v{version}" if version else _("_草稿")
    return f"{facts['place']}经济运行简报_{facts['year']}-{facts['month']:02d}{suffix}.docx"


def _points(value: Any) -> str:
    number = one(value)
    return "—" if number is None else f"{number}"


def _change(now: Any, before: Any) -> str:
    a, b = one(now), one(before)
    return "—" if a is None or b is None else f"{a - b}"


def indicator_rows(facts: dict[str, Any]) -> list[list[str]]:
    """主要经济指标完成情况表: indicator, year to date, growth, last month's growth, change."""
    economy = facts["economy"]
    rows = []
    for line in economy["indicators"]:
        rows.append(
            [
                line["name"],
                quantity(line["ytd"], line),
                pct(line["growth"]),
                pct(line["last_month_growth"]) if facts["before_label"] else "—",
                _change(line["growth"], line["last_month_growth"]),
                str(line["enterprises"]),
            ]
        )
    return rows


def share_rows(shares: list[dict[str, Any]]) -> list[list[str]]:
    """A park's or chain's row: output (亿元), growth, 拉动 (points), enterprises."""
    return [
        [s["label"], yi(s["ytd"]), pct(s["growth"]), _points(s["points"]), str(s["enterprises"])]
        for s in shares
    ]


def mover_rows(movers: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            m["name"],
            m["park"],
            yi(m["ytd"]),
            yi(m["increase"]),
            pct(m["growth"]),
            _points(m["points"]),
        ]
        for m in movers
    ]


class _Chart:
    """What growth_chart reads of a share: its label and growth."""

    def __init__(self, share: dict[str, Any]) -> None:
        self.label = share["label"]
        self.growth = dec(share["growth"])


def write(snapshot: dict[str, Any], out: IO[bytes]) -> None:
    """Write the briefing of ``snapshot`` as .docx into ``out``."""
    facts, texts = snapshot["facts"], snapshot["texts"]
    issued_on = dt.date.fromisoformat(snapshot["issued_on"])
    doc = Document(title=title_of(facts), date=issued_on)
    number = _("第%(n)s期") % {"n": snapshot["number"]}
    if (snapshot.get("version") or 0) > 1:
        number += _("（第%(n)s版）") % {"n": snapshot["version"]}
    if not snapshot.get("version"):
        number += _("（草稿）")
    doc.masthead(
        name=_("%(place)s经济运行简报")
        % {"place": "" if facts["park"] is None else facts["place"]},
        number=number,
        issuer=snapshot["issuer"],
        date=queries.day_text(issued_on),
    )
    doc.title(title_of(facts))
    economy = facts["economy"]
    heading = 0

    def section(title: str) -> None:
        nonlocal heading
        doc.heading(f"{NUMERALS[heading]}、{title}")
        heading += 1

    for part in content.SECTIONS:
        text = (texts.get(part.key) or "").strip()
        if not text:
            continue
        section(str(part.heading))
        for paragraph in text.splitlines():
            if paragraph.strip():
                doc.paragraph(paragraph.strip())
        if economy is None:
            continue
        if part.key == "overall":
            doc.caption(_("表1 主要经济指标完成情况"))
            before = facts["before_label"] or "—"
            doc.table(
                [
                    _("指标"),
                    _("%(label)s累计") % {"label": facts["label"]},
                    _("同比增长"),
                    _("%(label)s增速") % {"label": before},
                    _("增速变化（百分点）"),
                    _("企业数"),
                ],
                indicator_rows(facts),
                widths_cm=[3.6, 3.2, 2.0, 2.4, 2.4, 1.6],
            )
            doc.note(
                _("注：累计为全部填报企业合计；增速按两年均有数据的同口径企业计算；金额为现价。")
            )
        elif part.key in ("parks", "chains") and economy[part.key]:
            shares = economy[part.key]
            name = _("园区") if part.key == "parks" else _("产业链")
            doc.caption(_("%(name)s规上工业总产值") % {"name": name})
            doc.table(
                [name, _("产值（亿元）"), _("同比增长"), _("拉动（百分点）"), _("企业数")],
                share_rows(shares),
                widths_cm=[4.6, 2.8, 2.4, 2.8, 2.0],
            )
            doc.chart(
                monitoring.growth_chart([_Chart(s) for s in shares]),
                caption=_("%(name)s产值同比增速（%%）") % {"name": name},
                height_cm=max(4.0, 1.0 + 0.8 * len(shares)),
            )
        elif part.key == "breadth" and (economy["risers"] or economy["fallers"]):
            header = [
                _("企业"),
                _("园区"),
                _("产值（亿元）"),
                _("增量（亿元）"),
                _("同比增长"),
                _("拉动（百分点）"),
            ]
            widths = [4.4, 2.4, 2.2, 2.2, 2.0, 2.2]
            if economy["risers"]:
                doc.caption(_("拉动增长较多的企业"))
                doc.table(header, mover_rows(economy["risers"]), widths_cm=widths, numeric_from=2)
            if economy["fallers"]:
                doc.caption(_("下拉较多的企业"))
                doc.table(header, mover_rows(economy["fallers"]), widths_cm=widths, numeric_from=2)
    section(str(content.NEXT_STEPS_HEADING))
    steps = (snapshot.get("next_steps") or "").strip() or _("（待经济发展局填写）")
    for paragraph in steps.splitlines():
        if paragraph.strip():
            doc.paragraph(paragraph.strip())
    if snapshot.get("reason"):
        doc.note(_("更正说明：%(reason)s") % {"reason": snapshot["reason"]})
    doc.note(
        _(
            "说明：本简报数据来自已审核的企业月报，产值为现价工业总产值测算，非统计部门反馈的增加值。"
        )
    )
    doc.save(out)
