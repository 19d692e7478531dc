"""安全生产周报: the week's safety figures by park (``queries.statistics``), as a Word bulletin
drawn by the core document engine and as an Excel table on the one export path.

The bulletin's sentences follow its numbers: a week without a 重大 hazard says so, one without
re-checks does not print a pass rate of nothing, overdue 重大 hazards are named. Rates are
written once, by ``core.units.pct`` (one decimal, half up), as the monthly briefing writes them.

``params`` (the page's query, the same on the page and on the worker): ``week``, the Monday of
the week (``YYYY-MM-DD``), and ``park``, optional, a park in the person's sight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core.documents import Document
from zoneops.core.exports import ExportRefused, Progress, Written, xlsx_write
from zoneops.core.models import Park, User
from zoneops.core.permissions import may
from zoneops.core.units import pct
from zoneops.safety import queries
from zoneops.safety.documents import _day as _ymd  # the enforcement documents' 年月日
from zoneops.safety.documents import _office
from zoneops.safety.models import Hazard

# How many weeks back the page offers.
WEEKS_BACK = 26


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _md(day: dt.date) -> str:
    return _("%(month)s月%(day)s日") % {"month": day.month, "day": day.day}


def week_label(start: dt.date) -> str:
    """2026年第49周（11月30日—12月6日）, the ISO week."""
    year, week, _weekday = start.isocalendar()
    return _("%(year)s年第%(week)s周（%(start)s—%(end)s）") % {
        "year": year,
        "week": week,
        "start": _md(start),
        "end": _md(start + dt.timedelta(days=6)),
    }


def weeks(today: dt.date) -> list[tuple[dt.date, str]]:
    """The weeks the page offers, this one first."""
    this = monday(today)
    return [
        (day, week_label(day)) for day in (this - dt.timedelta(weeks=n) for n in range(WEEKS_BACK))
    ]


def parks(user: User) -> list[Park]:
    """The parks this person may write a bulletin of (a park officer: their own)."""
    return list(Park.objects.visible_to(user).order_by("order", "pk"))


@dataclass(frozen=True)
class Week:
    start: dt.date
    park: Park | None

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def place(self) -> str:
        return self.park.name if self.park else str(settings.ZONE_NAME)


def chosen(*, user: User, params: QueryDict, today: dt.date) -> Week:
    """The week and park ``params`` name, refused (ValueError, saying what) when the week is
    not a Monday among those offered or the park is not in sight (LookupError)."""
    text = params.get("week") or ""
    if not text:
        start = monday(today)
    else:
        try:
            start = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(_("周次“%(week)s”不是日期") % {"week": text}) from exc
    offered = {day for day, _label in weeks(today)}
    if start not in offered:
        raise ValueError(_("周次须为近%(n)s周中某周的周一") % {"n": WEEKS_BACK})
    park_text = params.get("park") or ""
    park = None
    if park_text:
        park = next((p for p in parks(user) if str(p.pk) == park_text), None)
        if park is None:
            raise LookupError(park_text)
    return Week(start=start, park=park)


def figures(*, user: User, week: Week, today: dt.date) -> queries.Statistics:
    return queries.statistics(
        user=user,
        start=week.start,
        end=week.end,
        by="park",
        park=week.park.pk if week.park else None,
        today=today,
    )


# ---- the words ------------------------------------------------------------------------------


def _hazard_words(row: queries.StatRow) -> str:
    if not row.found:
        return _("未排查发现新的隐患")
    if not row.major:
        return _("排查发现隐患%(n)s项，均为一般隐患") % {"n": row.found}
    return _("排查发现隐患%(n)s项，其中重大隐患%(major)s项") % {
        "n": row.found,
        "major": row.major,
    }


def _closed_words(row: queries.StatRow) -> str:
    if not row.closed:
        return _("无隐患复查销号")
    if row.closed_on_time == row.closed:
        return _("复查销号%(n)s项，均在整改期限内完成") % {"n": row.closed}
    return _("复查销号%(n)s项，其中按期整改%(ok)s项，按期整改率%(rate)s") % {
        "n": row.closed,
        "ok": row.closed_on_time,
        "rate": pct(row.on_time_rate),
    }


def _recheck_words(row: queries.StatRow) -> str:
    if not row.rechecks:
        return _("未开展复查")
    if row.recheck_passed == row.rechecks:
        return _("复查%(n)s次，均通过") % {"n": row.rechecks}
    return _("复查%(n)s次，通过%(ok)s次，复查通过率%(rate)s") % {
        "n": row.rechecks,
        "ok": row.recheck_passed,
        "rate": pct(row.recheck_rate),
    }


def _overdue_words(row: queries.StatRow, as_of: dt.date) -> str:
    words = {"day": _md(as_of), "n": row.overdue, "major": row.overdue_major}
    if not row.overdue:
        return _("截至%(day)s，无逾期未整改隐患") % words
    if not row.overdue_major:
        return _("截至%(day)s，逾期未整改隐患%(n)s项，均为一般隐患") % words
    return _("截至%(day)s，逾期未整改隐患%(n)s项，其中重大隐患%(major)s项") % words


def _inspection_words(row: queries.StatRow) -> str:
    words = {
        "n": row.inspections,
        "due": row.due,
        "done": row.due_done,
        "rate": pct(row.plan_rate),
        "coverage": pct(row.coverage_rate),
    }
    if not row.inspections:
        head = _("未开展安全检查（不含企业自查）")
    else:
        head = _("开展安全检查%(n)s次（不含企业自查）") % words
    if not row.due:
        return head + _("，本周无按网格巡查频次应检企业，网格检查覆盖率%(coverage)s") % words
    return (
        head
        + _(
            "，按网格巡查频次应检企业%(due)s家、已检%(done)s家，完成率%(rate)s，网格检查覆盖率%(coverage)s"
        )
        % words
    )


def _drill_words(row: queries.StatRow) -> str:
    words = {"n": row.drill_covered, "m": row.drill_required, "rate": pct(row.drill_rate)}
    if not row.drill_required:
        return _("无应开展应急演练的企业")
    if row.drill_covered == row.drill_required:
        return _("应开展应急演练的%(m)s家企业均达到规定频次") % words
    return _("应开展应急演练企业%(m)s家，达到规定频次%(n)s家，演练达标率%(rate)s") % words


def _accident_words(row: queries.StatRow) -> str:
    if not row.accidents:
        return _("未发生生产安全事故")
    words = {"n": row.accidents, "dead": row.deaths, "hurt": row.injured}
    if not row.deaths and not row.injured:
        return _("发生生产安全事故%(n)s起，未造成人员死亡和重伤") % words
    return _("发生生产安全事故%(n)s起，死亡（含失踪）%(dead)s人，重伤%(hurt)s人") % words


def overall(stats: queries.Statistics, place: str) -> list[str]:
    """The week in three sentences: hazards and their loop, inspections and drills, accidents."""
    total = stats.total
    span = {"start": _md(stats.start), "end": _md(stats.end), "place": place}
    return [
        _("本周（%(start)s—%(end)s），%(place)s") % span
        + _("，").join(
            (
                _hazard_words(total),
                _closed_words(total),
                _recheck_words(total),
                _overdue_words(total, stats.as_of),
            )
        )
        + _("。"),
        _inspection_words(total) + _("；") + _drill_words(total) + _("。"),
        _("本周%(place)s") % span + _accident_words(total) + _("。"),
    ]


def park_sentence(row: queries.StatRow, as_of: dt.date) -> str:
    return _("，").join(
        (
            _hazard_words(row),
            _closed_words(row),
            _overdue_words(row, as_of),
            _inspection_words(row),
            _drill_words(row),
            _accident_words(row),
        )
    ) + _("。")


def _late_days(hazard: Hazard, as_of: dt.date) -> int:
    return (as_of - hazard.deadline).days


def overdue_sentence(hazard: Hazard, as_of: dt.date) -> str:
    return _(
        "%(firm)s（%(park)s）：%(what)s（隐患编号%(number)s），整改期限%(deadline)s，"
        "已逾期%(days)s天，%(supervision)s。"
    ) % {
        "firm": hazard.enterprise.name,
        "park": hazard.enterprise.park.name,
        "what": hazard.description,
        "number": hazard.number,
        "deadline": _ymd(hazard.deadline),
        "days": _late_days(hazard, as_of),
        "supervision": hazard.get_supervision_display(),
    }


# ---- the document and the table -------------------------------------------------------------


HAZARD_HEADER = (
    gettext_lazy("园区"),
    gettext_lazy("发现隐患"),
    gettext_lazy("其中重大"),
    gettext_lazy("销号"),
    gettext_lazy("按期整改率"),
    gettext_lazy("逾期未整改"),
    gettext_lazy("其中重大"),
    gettext_lazy("复查通过率"),
)
WORK_HEADER = (
    gettext_lazy("园区"),
    gettext_lazy("检查次数"),
    gettext_lazy("应检企业"),
    gettext_lazy("已检企业"),
    gettext_lazy("网格覆盖率"),
    gettext_lazy("应演练企业"),
    gettext_lazy("演练达标率"),
    gettext_lazy("事故起数"),
    gettext_lazy("死亡（含失踪）"),
)


def _hazard_cells(row: queries.StatRow) -> list[str]:
    return [
        row.label,
        str(row.found),
        str(row.major),
        str(row.closed),
        pct(row.on_time_rate),
        str(row.overdue),
        str(row.overdue_major),
        pct(row.recheck_rate),
    ]


def _work_cells(row: queries.StatRow) -> list[str]:
    return [
        row.label,
        str(row.inspections),
        str(row.due),
        str(row.due_done),
        pct(row.coverage_rate),
        str(row.drill_required),
        pct(row.drill_rate),
        str(row.accidents),
        str(row.deaths),
    ]


def document(stats: queries.Statistics, week: Week) -> Document:
    """安全生产周报 in the zone's layout: masthead, the week overall, park by park with the two
    tables, the overdue 重大 hazards named."""
    year, number, _weekday = week.start.isocalendar()
    title = _("%(place)s安全生产周报") % {"place": week.place}
    doc = Document(title=title, date=stats.as_of)
    doc.masthead(
        name=_("安全生产周报"),
        number=_("%(year)s年第%(n)s期") % {"year": year, "n": number},
        issuer=_office(),
        date=_ymd(stats.as_of),
    )
    doc.title(
        _("%(place)s安全生产情况（%(start)s—%(end)s）")
        % {"place": week.place, "start": _md(stats.start), "end": _md(stats.end)}
    )
    doc.heading(_("一、总体情况"))
    for text in overall(stats, week.place):
        doc.paragraph(text)
    doc.heading(_("二、分园区情况"))
    for row in stats.rows:
        doc.paragraph(park_sentence(row, stats.as_of), lead=row.label + "：")
    rows = [*stats.rows, stats.total] if len(stats.rows) > 1 else stats.rows
    doc.caption(_("表1 隐患排查治理情况"))
    doc.table(
        [str(h) for h in HAZARD_HEADER],
        [_hazard_cells(r) for r in rows],
        widths_cm=[3.0, 1.8, 1.8, 1.8, 1.8, 1.8, 1.8, 1.8],
    )
    doc.caption(_("表2 检查、网格覆盖、应急演练与事故情况"))
    doc.table(
        [str(h) for h in WORK_HEADER],
        [_work_cells(r) for r in rows],
        widths_cm=[2.8, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6],
    )
    doc.note(
        _(
            "注：检查次数不含企业自查；应检企业按各网格巡查频次计；逾期、网格覆盖率和演练达标率"
            "为截至%(day)s的情况；演练达标指综合或专项演练每年至少一次、现场处置方案演练每半年"
            "至少一次（高危行业每半年一次）。"
        )
        % {"day": _md(stats.as_of)}
    )
    doc.heading(_("三、逾期未整改的重大隐患"))
    if not stats.overdue_major:
        doc.paragraph(_("截至%(day)s，无逾期未整改的重大隐患。") % {"day": _md(stats.as_of)})
    else:
        doc.paragraph(
            _("截至%(day)s，以下%(n)s项重大隐患逾期未整改，请属地园区和督办单位跟踪督促：")
            % {"day": _md(stats.as_of), "n": len(stats.overdue_major)}
        )
        for n, hazard in enumerate(stats.overdue_major, start=1):
            doc.paragraph(overdue_sentence(hazard, stats.as_of), lead=f"（{n}）")
    doc.signatures([_office(), _ymd(stats.as_of)])
    return doc


XLSX_HEADER = (
    gettext_lazy("园区"),
    gettext_lazy("发现隐患"),
    gettext_lazy("其中重大"),
    gettext_lazy("销号"),
    gettext_lazy("按期整改"),
    gettext_lazy("按期整改率（%）"),
    gettext_lazy("逾期未整改"),
    gettext_lazy("其中重大逾期"),
    gettext_lazy("复查次数"),
    gettext_lazy("复查通过"),
    gettext_lazy("复查通过率（%）"),
    gettext_lazy("检查次数"),
    gettext_lazy("应检企业"),
    gettext_lazy("已检企业"),
    gettext_lazy("检查完成率（%）"),
    gettext_lazy("企业数"),
    gettext_lazy("网格已覆盖"),
    gettext_lazy("网格覆盖率（%）"),
    gettext_lazy("应演练企业"),
    gettext_lazy("演练达标企业"),
    gettext_lazy("演练达标率（%）"),
    gettext_lazy("事故起数"),
    gettext_lazy("死亡（含失踪）"),
    gettext_lazy("重伤"),
)


def xlsx_row(row: queries.StatRow) -> list[Any]:
    return [
        row.label,
        row.found,
        row.major,
        row.closed,
        row.closed_on_time,
        row.on_time_rate,
        row.overdue,
        row.overdue_major,
        row.rechecks,
        row.recheck_passed,
        row.recheck_rate,
        row.inspections,
        row.due,
        row.due_done,
        row.plan_rate,
        row.firms,
        row.covered,
        row.coverage_rate,
        row.drill_required,
        row.drill_covered,
        row.drill_rate,
        row.accidents,
        row.deaths,
        row.injured,
    ]


# ---- the export kinds -----------------------------------------------------------------------


def allowed(user: Any) -> bool:
    return may(user, "safety.bulletin")


def _chosen(user: User, params: QueryDict) -> tuple[Week, queries.Statistics]:
    today = timezone.localdate()
    try:
        week = chosen(user=user, params=params, today=today)
    except ValueError as exc:
        raise ExportRefused(str(exc)) from exc
    except LookupError as exc:
        raise ExportRefused(_("该园区不存在或无权查看")) from exc
    return week, figures(user=user, week=week, today=today)


def count(*, user: User, params: QueryDict) -> int:
    """The table's rows: the parks and the total (small: written inside the request)."""
    return len(parks(user)) + 1


def write_document(*, user: User, params: QueryDict, out: IO[bytes], progress: Progress) -> Written:
    week, stats = _chosen(user, params)
    document(stats, week).save(out)
    progress(1, 1)
    year, number, _weekday = week.start.isocalendar()
    name = _("%(place)s安全生产周报_%(year)s年第%(n)s期.docx") % {
        "place": week.place,
        "year": year,
        "n": number,
    }
    return Written(filename=name, rows=1)


def write_xlsx(*, user: User, params: QueryDict, out: IO[bytes], progress: Progress) -> Written:
    week, stats = _chosen(user, params)
    rows = [*stats.rows, stats.total]
    written = xlsx_write(
        out,
        sheet=_("安全生产周报"),
        headers=[str(h) for h in XLSX_HEADER],
        rows=[xlsx_row(r) for r in rows],
        title=_("%(place)s安全生产周报统计表 %(week)s")
        % {"place": week.place, "week": week_label(week.start)},
        progress=progress,
        total=len(rows),
    )
    year, number, _weekday = week.start.isocalendar()
    name = _("%(place)s安全生产周报统计表_%(year)s年第%(n)s期.xlsx") % {
        "place": week.place,
        "year": year,
        "n": number,
    }
    return Written(filename=name, rows=written)
