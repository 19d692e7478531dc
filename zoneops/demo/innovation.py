"""The demo's innovation records: the titles the demo registry's enterprises carry as tags
(高新技术企业, 省级专精特新, 专精特新“小巨人”) entered as recognitions with their certificates —
so the tags now follow the records — a few of them expiring within the quarter, this year's
科技型中小企业 and 创新型中小企业 lists, R&D platforms of the larger enterprises, and a handful
of talents. Then the daily renewal job runs on the demo's today, so the reminders are there.

Written through ``zoneops.innovation.services``; its randomness is the ``innovation`` stream.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from stdnum.cn import ric

from zoneops.demo.context import DemoContext
from zoneops.enterprises.models import Enterprise
from zoneops.innovation import services
from zoneops.innovation.models import Kind, Talent

TAG_KINDS = {
    "high_tech": (
        Kind.HIGH_TECH,
        "national",
        "青海省科学技术厅、青海省财政厅、国家税务总局青海省税务局",
    ),
    "srdi_province": (Kind.SPECIALISED, "province", "青海省工业和信息化厅"),
    "little_giant": (Kind.LITTLE_GIANT, "national", "工业和信息化部"),
}
PLATFORMS = (
    (Kind.ENTERPRISE_CENTRE, "province", "青海省工业和信息化厅", "省级企业技术中心", 2),
    (Kind.ENTERPRISE_CENTRE, "city", "西宁市工业和信息化局", "市级企业技术中心", 2),
    (Kind.ENGINEERING_CENTRE, "province", "青海省科学技术厅", "青海省工程技术研究中心", 3),
    (Kind.KEY_LAB, "province", "青海省科学技术厅", "青海省重点实验室", 5),
    (Kind.NEW_RD, "province", "青海省科学技术厅", "新型研发机构", 1),
)
TALENT_NAMES = ("张立新", "李文博", "马晓东", "韩雪", "才让卓玛", "王海峰", "赵婷", "陈建华")
TIERS = ("领军人才", "拔尖人才", "青年英才")


def _three_years_back(today: dt.date, rng: random.Random, soon: bool) -> dt.date:
    """An issue date: within the last 2½ years, or (``soon``) one whose three years end within
    the coming quarter."""
    if soon:
        return today.replace(year=today.year - 3) + dt.timedelta(days=rng.randint(10, 80))
    return today - dt.timedelta(days=rng.randint(30, 900))


def build_innovation(ctx: DemoContext) -> None:
    rng = ctx.stream("innovation")
    today = ctx.today
    counts = {"recognitions": 0, "platforms": 0, "talents": 0}
    tagged = (
        Enterprise.objects.filter(tags__code__in=TAG_KINDS)
        .prefetch_related("tags")
        .distinct()
        .order_by("credit_code")
    )
    for index, enterprise in enumerate(tagged):
        for code in sorted(set(enterprise.tags.values_list("code", flat=True)) & set(TAG_KINDS)):
            kind, level, body = TAG_KINDS[code]
            issued = _three_years_back(today, rng, soon=index % 7 == 0)
            services.recognition_save(
                actor=None,
                data={
                    "enterprise": enterprise,
                    "kind": kind,
                    "level": level,
                    "recognised_by": body,
                    "certificate_number": f"GR{issued.year}63{rng.randrange(10**6):06d}",
                    "issued_on": issued,
                    "edition": "2022",
                },
                today=today,
                check=False,
            )
            counts["recognitions"] += 1
    above = list(Enterprise.objects.filter(is_above_scale=True).order_by("credit_code"))
    rng.shuffle(above)
    for enterprise, (kind, level, body, suffix, review) in zip(
        above[: len(PLATFORMS) * 3], PLATFORMS * 3, strict=False
    ):
        short = enterprise.name.removeprefix("青海").split("有限")[0][:10]
        services.recognition_save(
            actor=None,
            data={
                "enterprise": enterprise,
                "kind": kind,
                "level": level,
                "name": f"{short}{suffix}",
                "recognised_by": body,
                "document_number": f"青科发〔{today.year - 2}〕{rng.randint(10, 90)}号",
                "issued_on": today - dt.timedelta(days=rng.randint(200, 1500)),
                "review_years": review,
            },
            today=today,
            check=False,
        )
        counts["platforms"] += 1
    below = list(Enterprise.objects.filter(is_above_scale=False).order_by("credit_code"))
    rng.shuffle(below)
    year_start = dt.date(today.year, 3, 1) if today.month >= 4 else dt.date(today.year - 1, 9, 1)
    for number, enterprise in enumerate(below[:24]):
        kind = Kind.TECH_SME if number % 3 else Kind.INNOVATIVE_SME
        services.recognition_save(
            actor=None,
            data={
                "enterprise": enterprise,
                "kind": kind,
                "level": "province",
                "recognised_by": "青海省科学技术厅"
                if kind == Kind.TECH_SME
                else "青海省工业和信息化厅",
                "certificate_number": f"{year_start.year}6301{rng.randrange(10**5):05d}",
                "issued_on": year_start + dt.timedelta(days=rng.randint(0, 30)),
                "edition": "2022",
            },
            today=today,
            check=False,
        )
        counts["recognitions"] += 1
    hosts = above[:8] or below[:8]
    for name, enterprise in zip(TALENT_NAMES, hosts, strict=False):
        services.talent_save(actor=None, data=_talent(name, enterprise, today, rng), check=False)
        counts["talents"] += 1
    run = services.renewals_run(today=today)
    ctx.counts.update(
        {
            "innovation_recognitions": counts["recognitions"],
            "innovation_platforms": counts["platforms"],
            "innovation_talents": counts["talents"],
            "innovation_reminders": run["reminded"],
        }
    )
    ctx.say(
        f"科技创新：{counts['recognitions']} 项资质、{counts['platforms']} 个研发平台、"
        f"{counts['talents']} 名人才，{run['reminded']} 条到期提醒"
    )


def _talent(
    name: str, enterprise: Enterprise, today: dt.date, rng: random.Random
) -> dict[str, object]:
    born = dt.date(rng.randint(1968, 1992), rng.randint(1, 12), rng.randint(1, 28))
    body = f"630121{born:%Y%m%d}{rng.randint(100, 999)}"
    return {
        "name": name,
        "id_number": body + ric.calc_check_digit(body + "0"),  # it reads 18 characters
        "enterprise": enterprise,
        "programme": "昆仑英才·高端创新人才千人计划",
        "tier": rng.choice(TIERS),
        "mode": rng.choice((Talent.Mode.RECRUITED, Talent.Mode.HOME_GROWN)),
        "year": today.year - rng.randint(0, 4),
        "support": Decimal(rng.choice((200_000, 500_000, 1_000_000))),
    }
