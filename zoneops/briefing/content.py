"""What the monthly briefing says: its figures, gathered from each module's public functions,
and its paragraphs, written from templates whose words follow the numbers.

:func:`gather` collects the figures for a briefing (JSON-safe: every amount a Decimal's text,
in the stored unit, unrounded), :func:`draft_texts` writes each section's paragraph from them.
An issued version keeps both (:func:`snapshot`), so the document drawn from it (document.py)
is the same every time it is downloaded.

Rounding happens once, here, when a figure becomes words or a table cell: amounts to two
decimals in 亿元 (ROUND_HALF_UP), rates and growth to one decimal, a change "较上月" from the
two rounded growth rates, so that the sentence's arithmetic is the reader's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core import units
from zoneops.core.models import User
from zoneops.core.units import dec, one, pct
from zoneops.investment import public as investment
from zoneops.investment import public as investment_targets
from zoneops.investment.public import Period
from zoneops.monitoring import public as monitoring
from zoneops.projects import public as projects

CENT = Decimal("0.01")
YI = Decimal(100_000_000)
QUARTER_NAMES = {
    3: gettext_lazy("一季度"),
    6: gettext_lazy("上半年"),
    9: gettext_lazy("前三季度"),
    12: gettext_lazy("全年"),
}
ORDINALS = (gettext_lazy("一是"), gettext_lazy("二是"), gettext_lazy("三是"), gettext_lazy("四是"))


# ---- numbers as the briefing writes them ---------------------------------------------------


def yi(value: Any) -> str:
    """元 as 亿元 with two decimals: 312.60."""
    number = dec(value)
    return "—" if number is None else f"{(number / YI).quantize(CENT, ROUND_HALF_UP):,}"


def quantity(value: Any, indicator: dict[str, Any]) -> str:
    """An indicator's figure with its unit: money in 亿元; others in the display unit, or in
    its 亿 when that is more than ten thousand 万 (71.73亿千瓦时, not 717,347.50万千瓦时)."""
    number = dec(value)
    if number is None:
        return "—"
    if indicator["unit"] == "yuan":
        return _("%(amount)s亿元") % {"amount": yi(number)}
    unit = indicator["display_unit"]
    shown = units.to_display(number, unit, 2)
    if unit.startswith("万") and shown is not None and abs(shown) >= 10_000:
        unit = "亿" + unit[1:]
        shown = units.to_display(number, unit, 2)
    return f"{shown:,}{unit}"


def change_words(value: Any) -> str:
    """增长8.4% / 下降3.2% / 持平."""
    number = one(value)
    if number is None:
        return _("无可比数据")
    if number > 0:
        return _("同比增长%(n)s%%") % {"n": number}
    if number < 0:
        return _("同比下降%(n)s%%") % {"n": -number}
    return _("与上年同期持平")


def pace_words(now: Any, before: Any, before_label: str) -> str:
    """How this month's year-to-date growth moved from last month's, in points of the two
    rounded rates: 加快/回落, 降幅收窄/扩大, 由降转增, 由增转降."""
    a, b = one(now), one(before)
    if a is None or b is None:
        return ""
    gap = abs(a - b)
    words = {"before": before_label, "n": gap}
    if a == b:
        return _("增速与%(before)s持平") % words
    if a >= 0 and b >= 0:
        return (
            _("增速较%(before)s加快%(n)s个百分点")
            if a > b
            else _("增速较%(before)s回落%(n)s个百分点")
        ) % words
    if a < 0 and b < 0:
        return (
            _("降幅较%(before)s收窄%(n)s个百分点")
            if a > b
            else _("降幅较%(before)s扩大%(n)s个百分点")
        ) % words
    if a >= 0:
        return _("较%(before)s由降转增") % words
    return _("较%(before)s由增转降") % words


def pull_words(points: Any, place: str) -> str:
    """拉动全区增长4.9个百分点 / 下拉全区0.8个百分点."""
    number = one(points)
    if number is None:
        return ""
    if number == 0:
        number = abs(number)  # a pull that rounds to nothing is not "-0.0"
    if number >= 0:
        return _("拉动%(place)s增长%(n)s个百分点") % {"place": place, "n": number}
    return _("下拉%(place)s%(n)s个百分点") % {"place": place, "n": -number}


def schedule_words(completion: Any, elapsed: Any) -> str:
    """超序时进度4.3个百分点 / 低于序时进度2.0个百分点 / 与序时进度持平."""
    a, b = one(completion), one(elapsed)
    if a is None or b is None:
        return ""
    if a > b:
        return _("超序时进度%(n)s个百分点") % {"n": a - b}
    if a < b:
        return _("低于序时进度%(n)s个百分点") % {"n": b - a}
    return _("与序时进度持平")


def _day(day: dt.date) -> str:
    return _("%(month)s月%(day)s日") % {"month": day.month, "day": day.day}


def span_label(year: int, month: int, span: str) -> str:
    """1—11月, 1月, 一季度, 上半年 …"""
    if span == "quarter":
        return str(QUARTER_NAMES[month])
    return _("1月") if month == 1 else _("1—%(month)s月") % {"month": month}


# ---- the figures ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A dataclass's values, JSON-safe: Decimal as its text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Place:
    park: int | None
    name: str  # 全区, or the park's name


def gather(
    *, user: User, year: int, month: int, span: str, place: Place, today: dt.date
) -> dict[str, Any]:
    """The briefing's figures for the month (or the quarter ending in it) and the place, as the
    user may see them; ``economy`` is None when the month has no approved report."""
    economy = monitoring.economy_briefing(user=user, year=year, month=month, park=place.park)
    facts: dict[str, Any] = {
        "year": year,
        "month": month,
        "span": span,
        "place": place.name,
        "park": place.park,
        "label": span_label(year, month, span),
        "before_label": span_label(year, month - 1, "month") if month > 1 else "",
        "economy": None if economy is None else _plain(asdict(economy)),
        "projects": _projects(user, year, place, today),
        "investment": _investment(user, year, month, span, today),
        "capacity": _capacity(user, year, month, place),
        "structure": [
            _plain(asdict(table))
            for table in monitoring.structure_overview(
                user=user, year=year, month=month, park=place.park
            )
        ],
    }
    return facts


def _capacity(user: User, year: int, month: int, place: Place) -> dict[str, Any] | None:
    found = monitoring.capacity_overview(user=user, year=year, month=month, park=place.park)
    return None if found is None else _plain(asdict(found))


def _projects(user: User, year: int, place: Place, today: dt.date) -> dict[str, Any]:
    board = projects.dashboard(user=user, year=year, park=place.park)
    labels = {
        projects.NOT_STARTED: _("逾期未开工"),
        projects.BEHIND: _("进度滞后"),
        projects.OVERDUE: _("问题超期"),
        projects.MISSING_UPDATE: _("台账未更新"),
    }
    return dict(
        _plain(
            {
                "as_of": board.day.isoformat(),
                "projects": board.projects,
                "due_to_start": board.due_to_start,
                "started_of_due": board.started_of_due,
                "start_rate": board.start_rate,
                "year_planned": board.year_planned,
                "year_completed": board.year_completed,
                "completion": board.completion,
                "elapsed": board.elapsed,
                "warnings": [
                    [str(labels.get(kind, kind)), count]
                    for kind, count in sorted(board.warning_counts.items(), key=lambda kv: -kv[1])
                ],
            }
        )
    )


def _investment(user: User, year: int, month: int, span: str, today: dt.date) -> dict[str, Any]:
    """The quarter's (or the year's, for a December briefing) signings against the zone's
    target, and the funds arrived in the year to the month's end."""
    quarter = (month - 1) // 3 + 1
    period = Period(year, quarter)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    as_of = min(end, today)
    targets = list(investment_targets.targets_for(user=user, period=period))
    zone = next((t for t in targets if t.chain_id is None and t.officer_id is None), None)
    found: dict[str, Any] = {"period": period.label, "as_of": as_of.isoformat(), "target": None}
    if zone is not None:
        progress = investment_targets.progress(zone, today=as_of)
        found["target"] = {
            "count": progress.count,
            "target_count": zone.project_count,
            "amount": progress.amount,
            "target_amount": zone.amount,
            "count_pct": progress.count_pct,
            "amount_pct": progress.amount_pct,
            "elapsed": progress.elapsed,
        }
    arrivals = investment.arrival_list(user=user, period=Period(year, None)).filter(month__lte=end)
    found["arrived"] = arrivals.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return dict(_plain(found))


# ---- the paragraphs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    heading: str | Promise
    write: Callable[[dict[str, Any]], str]


def _indicator(economy: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((i for i in economy["indicators"] if i["code"] == code), None)


def write_overall(facts: dict[str, Any]) -> str:
    economy = facts["economy"]
    if economy is None:
        return _("%(label)s尚无已审核的月报。") % {"label": facts["label"]}
    place, label = facts["place"], facts["label"]
    parts = []
    output = _indicator(economy, "output_value")
    if output is not None:
        sentence = _("%(label)s，%(place)s规上工业总产值完成%(value)s，%(change)s") % {
            "label": label,
            "place": place,
            "value": quantity(output["ytd"], output),
            "change": change_words(output["growth"]),
        }
        pace = pace_words(output["growth"], output["last_month_growth"], facts["before_label"])
        if pace:
            sentence += "，" + pace
        if economy["rank_sentence"] and economy["rank"]:
            sentence += _("，增速居%(rank)s") % {"rank": economy["rank_sentence"]}
        parts.append(sentence + "。")
    for code in ("revenue", "total_profit", "vat_payable", "electricity"):
        line = _indicator(economy, code)
        if line is None or line["ytd"] is None:
            continue
        parts.append(_indicator_sentence(line))
    parts.append(_("以上增速均按两年均有数据的同口径企业计算。"))
    return "".join(parts)


def _indicator_sentence(line: dict[str, Any]) -> str:
    """One indicator's year to date; a profit whose base was a loss gets no percentage."""
    last = dec(line["last_ytd"])
    now = dec(line["ytd"])
    if line["code"] == "total_profit" and last is not None and last < 0 and now is not None:
        if now >= 0:
            return _("%(name)s由上年同期亏损%(last)s亿元转为盈利%(now)s亿元。") % {
                "name": line["name"],
                "last": yi(-last),
                "now": yi(now),
            }
        return _("%(name)s亏损%(now)s亿元，上年同期亏损%(last)s亿元。") % {
            "name": line["name"],
            "last": yi(-last),
            "now": yi(-now),
        }
    return _("%(name)s%(value)s，%(change)s。") % {
        "name": line["name"],
        "value": quantity(now, line),
        "change": change_words(line["growth"]),
    }


def _shares_sentence(shares: list[dict[str, Any]], lead: str, place: str) -> str:
    if not shares:
        return ""
    parts = []
    for share in shares:
        growth = one(share["growth"])
        if growth is None:
            parts.append(_("%(name)s无可比数据") % {"name": share["label"]})
            continue
        words = (
            _("增长%(n)s%%") % {"n": growth}
            if growth > 0
            else _("下降%(n)s%%") % {"n": -growth}
            if growth < 0
            else _("持平")
        )
        pull = pull_words(share["points"], place)
        parts.append(f"{share['label']}{words}" + (f"，{pull}" if pull else ""))
    return lead + "；".join(parts) + "。"


def write_parks(facts: dict[str, Any]) -> str:
    economy = facts["economy"]
    if economy is None or not economy["parks"]:
        return ""
    return _shares_sentence(economy["parks"], _("分园区看，"), facts["place"])


def write_chains(facts: dict[str, Any]) -> str:
    economy = facts["economy"]
    if economy is None or not economy["chains"]:
        return ""
    return _shares_sentence(economy["chains"], _("分产业链看，"), facts["place"])


def write_structure(facts: dict[str, Any]) -> str:
    """产业结构, 按产值测算: for each classification, each group's output, its share of the
    place's output, its same-set growth and its pull on the place's growth. Labelled as
    computed from output: the bureau's value-added shares are a different measure."""
    sentences = []
    for table in facts.get("structure") or []:
        parts = []
        for line in table["lines"]:
            if not line["enterprises"]:
                continue
            words = _("%(name)s产值%(amount)s亿元，占%(place)s%(share)s") % {
                "name": line["name"],
                "amount": yi(line["output"]),
                "place": facts["place"],
                "share": pct(line["output_share"]),
            }
            if one(line["output_growth"]) is not None:
                words += "，" + change_words(line["output_growth"])
            pull = pull_words(line["output_pull"], facts["place"])
            if pull:
                words += "，" + pull
            parts.append(words)
        if parts:
            sentences.append(
                _("%(classification)s中，%(parts)s。")
                % {"classification": table["classification"], "parts": "；".join(parts)}
            )
    if not sentences:
        return ""
    return _("从产业结构看（按产值测算，非增加值口径），") + "".join(sentences)


def write_breadth(facts: dict[str, Any]) -> str:
    economy = facts["economy"]
    if economy is None:
        return ""
    parts = []
    if economy["comparable"]:
        share = Decimal(economy["growing"]) / economy["comparable"] * 100
        parts.append(
            _("两年均有产值数据的%(n)s户企业中，%(up)s户产值同比增长，增长面%(share)s。")
            % {"n": economy["comparable"], "up": economy["growing"], "share": pct(share)}
        )
    if economy["entrants"]:
        parts.append(
            _("%(label)s新入统企业%(n)s户，完成产值%(value)s亿元（不计入同比增速）。")
            % {
                "label": facts["label"],
                "n": economy["entrants"],
                "value": yi(economy["entrants_ytd"]),
            }
        )
    movers = []
    for mover in economy["risers"]:
        movers.append(
            _("%(name)s%(pull)s")
            % {"name": mover["name"], "pull": pull_words(mover["points"], facts["place"])}
        )
    if movers:
        parts.append(_("从重点企业看，") + "、".join(movers) + "。")
    return "".join(parts)


def write_targets(facts: dict[str, Any]) -> str:
    economy = facts["economy"]
    if economy is None or not economy["targets"]:
        return ""
    parts = []
    for target in economy["targets"]:
        words = {
            "where": target["where"],
            "what": target["indicator"],
            "goal": target["goal"],
            "actual": target["actual"],
            "label": facts["label"],
            "done": pct(target["completion"]),
            "gap": target["gap"],
        }
        if target["growth"]:
            parts.append(
                _("%(where)s%(what)s全年目标%(goal)s，%(label)s同口径%(actual)s，%(gap)s") % words
            )
        else:
            words["schedule"] = schedule_words(target["completion"], target["time_elapsed"])
            parts.append(
                _(
                    "%(where)s%(what)s全年目标%(goal)s，%(label)s完成%(actual)s，完成率%(done)s，%(schedule)s"
                )
                % words
            )
    return (
        _("时间进度%(elapsed)s。") % {"elapsed": pct(economy["targets"][0]["time_elapsed"])}
        + "；".join(parts)
        + "。"
    )


def write_projects(facts: dict[str, Any]) -> str:
    board = facts["projects"]
    if not board["projects"]:
        return _("本年度尚无重点项目计划。")
    text = _(
        "截至%(day)s，%(place)s纳入%(year)s年计划的重点项目%(n)s个，应开工%(due)s个，已开工%(started)s个，"
        "开工率%(rate)s；年度计划投资%(planned)s亿元，已完成%(done)s亿元，完成率%(completion)s，"
        "%(schedule)s。"
    ) % {
        "day": _day(dt.date.fromisoformat(board["as_of"])),
        "place": facts["place"],
        "year": facts["year"],
        "n": board["projects"],
        "due": board["due_to_start"],
        "started": board["started_of_due"],
        "rate": pct(board["start_rate"]),
        "planned": yi(board["year_planned"]),
        "done": yi(board["year_completed"]),
        "completion": pct(board["completion"]),
        "schedule": schedule_words(board["completion"], board["elapsed"]),
    }
    if board["warnings"]:
        text += (
            _("当前预警：")
            + "，".join(
                _("%(kind)s%(n)s个") % {"kind": kind, "n": n} for kind, n in board["warnings"]
            )
            + "。"
        )
    return text


def write_investment(facts: dict[str, Any]) -> str:
    found = facts["investment"]
    parts = []
    target = found["target"]
    if target is not None:
        parts.append(
            _(
                "%(period)s全区新签约工业项目%(count)s个、签约金额%(amount)s亿元，分别完成目标"
                "（%(target_count)s个、%(target_amount)s亿元）的%(count_pct)s和%(amount_pct)s，"
                "时间进度%(elapsed)s。"
            )
            % {
                "period": found["period"],
                "count": target["count"],
                "amount": yi(target["amount"]),
                "target_count": target["target_count"],
                "target_amount": yi(target["target_amount"]),
                "count_pct": pct(target["count_pct"]),
                "amount_pct": pct(target["amount_pct"]),
                "elapsed": pct(target["elapsed"]),
            }
        )
    parts.append(
        _("%(label)s全区招商项目到位资金%(amount)s亿元。")
        % {"label": facts["label"], "amount": yi(found["arrived"])}
    )
    return "".join(parts)


def write_problems(facts: dict[str, Any]) -> str:
    economy = facts["economy"]
    if economy is None:
        return ""
    points = []
    if economy["comparable"] and economy["falling"]:
        share = Decimal(economy["falling"]) / economy["comparable"] * 100
        fallers = "、".join(
            _("%(name)s（%(pull)s）")
            % {"name": f["name"], "pull": pull_words(f["points"], facts["place"])}
            for f in economy["fallers"]
        )
        points.append(
            _("部分企业产值下降。%(n)s户企业产值同比下降，下降面%(share)s，下拉较多的有%(who)s。")
            % {"n": economy["falling"], "share": pct(share), "who": fallers or "—"}
        )
    if economy["alerts"]:
        points.append(
            _("运行预警未消除。%(firms)s户企业有未关闭的预警%(n)s条，其中红色预警%(red)s条。")
            % {
                "firms": economy["alert_enterprises"],
                "n": economy["alerts"],
                "red": economy["red_alerts"],
            }
        )
    output, power = _indicator(economy, "output_value"), _indicator(economy, "electricity")
    if output and power:
        a, b = one(output["growth"]), one(power["growth"])
        if a is not None and b is not None and ((a >= 0) != (b >= 0) or abs(a - b) > 10):
            points.append(
                _(
                    "用电量与产值走势背离。规上工业用电量%(power)s，与产值增速（%(output)s）差异较大，需核实部分企业数据。"
                )
                % {"power": change_words(b), "output": pct(a)}
            )
    capacity = capacity_words(facts.get("capacity"))
    if capacity:
        points.append(capacity)
    return "".join(f"{ORDINALS[i]}{text}" for i, text in enumerate(points))


BEHIND_NAMED = 3


def capacity_words(capacity: dict[str, Any] | None) -> str:
    """达产达效 in 存在问题: the 新增长点 below their designed output, with the months since
    production started, and the 龙头企业 behind 序时进度 (the three furthest behind named)."""
    if not capacity:
        return ""
    parts = []
    points = capacity["points_behind"]
    if points:
        named = "、".join(
            _("%(name)s（投产%(n)s个月，达产率%(rate)s，差%(gap)s亿元）")
            % {
                "name": p["enterprise"],
                "n": p["months_since_start"],
                "rate": pct(p["rate"]),
                "gap": yi(p["gap"]),
            }
            for p in points[:BEHIND_NAMED]
        )
        parts.append(
            _("%(n)s个新增长点尚未达产，达产率较低的有%(who)s。") % {"n": len(points), "who": named}
        )
    leading = capacity["leading_behind"]
    if leading:
        named = "、".join(
            _("%(name)s（完成%(done)s，还需%(gap)s亿元）")
            % {"name": r["enterprise"], "done": pct(r["completion"]), "gap": yi(r["gap"])}
            for r in leading[:BEHIND_NAMED]
        )
        parts.append(
            _("%(n)s户龙头企业产值低于序时进度（%(elapsed)s），有%(who)s。")
            % {"n": len(leading), "elapsed": pct(leading[0]["elapsed"]), "who": named}
        )
    if not parts:
        return ""
    return _("达产达效仍有差距。") + "".join(parts)


SECTIONS: tuple[Section, ...] = (
    Section("overall", gettext_lazy("总体运行"), write_overall),
    Section("parks", gettext_lazy("分园区运行"), write_parks),
    Section("chains", gettext_lazy("产业链运行"), write_chains),
    Section("structure", gettext_lazy("产业结构"), write_structure),
    Section("breadth", gettext_lazy("增长面与重点企业"), write_breadth),
    Section("targets", gettext_lazy("目标完成"), write_targets),
    Section("projects", gettext_lazy("项目建设"), write_projects),
    Section("investment", gettext_lazy("招商引资"), write_investment),
    Section("problems", gettext_lazy("存在问题"), write_problems),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
NEXT_STEPS_HEADING = gettext_lazy("下步工作")


def draft_texts(facts: dict[str, Any]) -> dict[str, str]:
    """Each section's generated paragraph."""
    return {s.key: s.write(facts) for s in SECTIONS}


def texts_for(facts: dict[str, Any], edited: dict[str, str]) -> dict[str, str]:
    """The paragraphs as the draft stands: an officer's edit where there is one."""
    generated = draft_texts(facts)
    return {key: edited.get(key, generated[key]) for key in SECTION_KEYS}


def snapshot(
    *,
    facts: dict[str, Any],
    texts: dict[str, str],
    next_steps: str,
    number: int,
    version: int,
    issued_on: dt.date,
    reason: str = "",
) -> dict[str, Any]:
    """What an issued version keeps: the figures and the words, as approved."""
    return {
        "facts": facts,
        "texts": texts,
        "next_steps": next_steps,
        "number": number,
        "version": version,
        "issued_on": issued_on.isoformat(),
        "issuer": str(settings.ZONE_NAME) + _("经济发展局"),
        "reason": reason,
    }
