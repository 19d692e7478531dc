"""The enforcement documents as Word, drawn by the core document engine from an inspection and
its hazards: 现场检查记录 (the on-site record), 责令限期整改指令书 (the order to rectify within a
time limit) and 整改复查意见书 (the re-check opinion). Numbered, dated, the zone's name, the
signature lines. Their layout follows the usual content of these forms (docs/safety.md): an
office that has its own wording changes the texts here, not a template file.

Written on the export path (kind ``safety.document``): ``params`` names the document
(``doc=record|order|recheck``) and the inspection or the hazard, within the user's scope.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from zoneops.core.documents import Document
from zoneops.core.exports import ExportRefused, Progress, Written
from zoneops.core.models import User
from zoneops.core.navigation import module_allowed
from zoneops.safety import queries
from zoneops.safety.models import Hazard, Inspection, Mode, Outcome, SafetyProfile, StepKind

KINDS = ("record", "order", "recheck")


def _day(day: dt.date | None) -> str:
    if day is None:
        return "    年  月  日"
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def _office() -> str:
    return str(settings.ZONE_NAME) + _("安全生产监督管理局")


def order_number(inspection: Inspection) -> str:
    """〔2026〕责改3号: the inspection's place among that year's inspections whose hazards were
    ordered, in the order they were recorded (inspections are never deleted)."""
    year = inspection.inspected_on.year
    ordered = Inspection.objects.filter(
        inspected_on__year=year, hazards__isnull=False, pk__lte=inspection.pk
    ).distinct()
    return _("〔%(year)s〕责改%(n)s号") % {"year": year, "n": ordered.count()}


def recheck_number(hazard: Hazard) -> str:
    """〔2026〕复查5号: the hazard's place among that year's re-checked hazards."""
    last = hazard.steps.filter(kind__in=(StepKind.PASS, StepKind.FAIL)).order_by("-on").first()
    year = (last.on if last else hazard.found_on).year
    rechecked = (
        Hazard.objects.filter(
            steps__kind__in=(StepKind.PASS, StepKind.FAIL), steps__on__year=year, pk__lte=hazard.pk
        )
        .distinct()
        .count()
    )
    return _("〔%(year)s〕复查%(n)s号") % {"year": year, "n": max(rechecked, 1)}


def _profile(inspection: Inspection) -> SafetyProfile | None:
    return SafetyProfile.objects.filter(enterprise=inspection.enterprise).first()


def _unit_table(doc: Document, inspection: Inspection) -> None:
    enterprise = inspection.enterprise
    profile = _profile(inspection)
    person = enterprise.legal_representative or (profile.principal if profile else "")
    phone = profile.principal_phone if profile else ""
    doc.table(
        [_("项目"), _("内容")],
        [
            [_("被检查单位"), enterprise.name],
            [_("地址"), enterprise.address or "—"],
            [_("法定代表人（负责人）"), person or "—"],
            [_("联系电话"), phone or "—"],
            [_("检查场所（部位）"), inspection.place or "—"],
            [_("检查时间"), _day(inspection.inspected_on)],
            [_("检查人员"), inspection.inspectors],
        ],
        widths_cm=[4.2, 11.4],
        numeric_from=99,
    )


def inspection_record(inspection: Inspection) -> Document:
    """现场检查记录: who was inspected, where and when, by whom, what was found."""
    doc = Document(title=_("现场检查记录"), date=inspection.inspected_on)
    doc.title(_("现场检查记录"))
    doc.note(_("检查来源：%(source)s") % {"source": inspection.get_source_display()})
    _unit_table(doc, inspection)
    doc.heading(_("一、检查情况"))
    results = list(inspection.results.select_related("item"))
    failed = [r for r in results if r.outcome == Outcome.FAIL]
    doc.paragraph(
        _("按“%(checklist)s”检查%(n)s项，合格%(ok)s项，不合格%(bad)s项，不适用%(na)s项。")
        % {
            "checklist": inspection.checklist.name if inspection.checklist else _("检查表"),
            "n": len(results),
            "ok": sum(1 for r in results if r.outcome == Outcome.PASS),
            "bad": len(failed),
            "na": sum(1 for r in results if r.outcome == Outcome.NA),
        }
    )
    if inspection.note:
        doc.paragraph(inspection.note)
    if failed:
        doc.heading(_("二、发现的问题"))
        doc.table(
            [_("序号"), _("检查内容"), _("情况说明"), _("检查依据")],
            [
                [str(i), r.item.content, r.note or "—", r.item.basis or "—"]
                for i, r in enumerate(failed, start=1)
            ],
            widths_cm=[1.2, 6.0, 4.6, 3.8],
            numeric_from=99,
        )
    doc.signatures(
        [
            _("被检查单位现场负责人（签字）：__________"),
            _("检查人员（签字）：__________"),
            _day(inspection.inspected_on),
        ]
    )
    return doc


def rectification_order(inspection: Inspection) -> Document:
    """责令限期整改指令书: the hazards the inspection found, each with its deadline."""
    hazards = list(inspection.hazards.select_related("item").order_by("pk"))
    if not hazards:
        raise ExportRefused(_("该次检查没有发现隐患，无需下达整改指令书"))
    enterprise = inspection.enterprise
    doc = Document(title=_("责令限期整改指令书"), date=inspection.inspected_on)
    doc.title(_("责令限期整改指令书"))
    doc.note(order_number(inspection))
    doc.paragraph(f"{enterprise.name}：", indent=False)
    doc.paragraph(
        _("经%(day)s现场检查，你单位存在下列安全生产问题（隐患）：")
        % {"day": _day(inspection.inspected_on)}
    )
    doc.table(
        [_("序号"), _("问题（隐患）"), _("级别"), _("整改方式"), _("整改期限"), _("依据")],
        [
            [
                str(i),
                h.description,
                h.get_level_display(),
                h.get_mode_display(),
                _("立即") if h.mode == Mode.IMMEDIATE else _day(h.deadline),
                (h.item.basis if h.item else "") or "—",
            ]
            for i, h in enumerate(hazards, start=1)
        ],
        widths_cm=[1.1, 5.4, 1.8, 1.8, 2.7, 2.8],
        numeric_from=99,
    )
    last = max(h.deadline for h in hazards)
    doc.paragraph(
        _(
            "现责令你单位对上述问题于%(day)s前整改完毕，达到有关法律法规规章和标准规定的要求，"
            "并将整改情况书面报告。整改期间，应当采取措施，确保安全；对立即整改的问题，应当立即整改。"
        )
        % {"day": _day(last)}
    )
    doc.paragraph(
        _(
            "如果不服本指令，可以依法在六十日内向上一级人民政府或者上一级应急管理部门申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。"
        )
    )
    doc.signatures(
        [
            _("检查人员（签字）：__________  执法证号：__________"),
            _("被检查单位负责人（签收）：__________"),
            _office(),
            _day(inspection.inspected_on),
        ]
    )
    return doc


def recheck_opinion(hazard: Hazard) -> Document:
    """整改复查意见书: the re-check of one hazard, its result and the opinion."""
    checks = list(hazard.steps.filter(kind__in=(StepKind.PASS, StepKind.FAIL)).order_by("on", "pk"))
    if not checks:
        raise ExportRefused(_("该隐患尚未复查，无法生成复查意见书"))
    last = checks[-1]
    enterprise = hazard.enterprise
    doc = Document(title=_("整改复查意见书"), date=last.on)
    doc.title(_("整改复查意见书"))
    doc.note(recheck_number(hazard))
    doc.paragraph(f"{enterprise.name}：", indent=False)
    follows = (
        order_number(hazard.inspection)
        if hazard.inspection is not None
        else _("隐患编号%(n)s") % {"n": hazard.number}
    )
    doc.paragraph(
        _("根据%(order)s，本机关于%(day)s对你单位的整改情况进行了复查，复查情况如下：")
        % {"order": follows, "day": _day(last.on)}
    )
    doc.table(
        [_("问题（隐患）"), _("整改情况"), _("复查日期"), _("复查结果"), _("说明")],
        [
            [
                hazard.description,
                hazard.rectified_note or "—",
                _day(step.on),
                step.get_kind_display(),
                step.note or "—",
            ]
            for step in checks
        ],
        widths_cm=[4.2, 3.8, 2.8, 2.2, 2.6],
        numeric_from=99,
    )
    if last.kind == StepKind.PASS:
        opinion = _("经复查，该问题已整改完毕，同意销号。")
    else:
        opinion = _(
            "经复查，该问题未整改到位，责令你单位于%(day)s前继续整改，并书面报告整改情况。"
        ) % {"day": _day(last.deadline or hazard.deadline)}
    doc.heading(_("复查意见"))
    doc.paragraph(opinion)
    doc.signatures(
        [
            _("复查人员（签字）：__________"),
            _("被复查单位负责人（签收）：__________"),
            _office(),
            _day(last.on),
        ]
    )
    return doc


def allowed(user: Any) -> bool:
    return module_allowed(user, "safety")


def _id(params: QueryDict) -> int | None:
    text = params.get("id") or ""
    return int(text) if text.isdigit() else None


def write(*, user: User, params: QueryDict, out: IO[bytes], progress: Progress) -> Written:
    """The document ``params`` names, of an inspection or hazard the user may see."""
    kind, pk = params.get("doc") or "", _id(params)
    if kind not in KINDS or pk is None:
        raise ExportRefused(_("未指明文书"))
    if kind == "recheck":
        hazard = queries.hazards(user=user).filter(pk=pk).first()
        if hazard is None:
            raise ExportRefused(_("该隐患不存在或无权查看"))
        doc = recheck_opinion(hazard)
        name = _("整改复查意见书_%(n)s.docx") % {"n": hazard.number}
    else:
        inspection = queries.inspections(user=user).filter(pk=pk).first()
        if inspection is None:
            raise ExportRefused(_("该检查记录不存在或无权查看"))
        if kind == "record":
            doc = inspection_record(inspection)
            title = _("现场检查记录")
        else:
            doc = rectification_order(inspection)
            title = _("责令限期整改指令书")
        name = f"{title}_{inspection.enterprise.name}_{inspection.inspected_on:%Y%m%d}.docx"
    doc.save(out)
    progress(1, 1)
    return Written(filename=name, rows=1)
