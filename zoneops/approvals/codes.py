"""The investment project code (投资项目代码, GB/T 40058-2021), as the written 24 characters.

``2020-451421-88-03-016343``: time code (4) – region code (6) – central guiding department
code (2) – project type code (2) – random code (5) and a check character (1).

What is checked: the shape; the time code is a year from 2015 (the online platform's codes
began in 2015–2016) to next year; the region code starts with a province-level division that
exists (GB/T 2260: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, and 71/81/82) and its county
part is not 00 where the city part is given; the department and type codes are two digits
other than 00. What is not: the type-code table and the check character's algorithm are in
the standard, which we have not verified (docs/domain.md#investment-project-code), so the last six
characters are
digits only and not recomputed.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

PATTERN = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)
FIRST_YEAR = 2015


def project_code_problem(code: str) -> str | None:
    """What is wrong with a project code, in words, or None when it passes every check."""
    match = PATTERN.match(code)
    if match is None:
        return _(
            "投资项目代码应为“年份-6位行政区划-2位部门-2位类型-6位流水及校验”，"
            "如 2020-451421-88-03-016343"
        )
    year, region, department, kind, _rest = match.groups()
    if not FIRST_YEAR <= int(year) <= timezone.localdate().year + 1:
        return _("投资项目代码的年份“%(year)s”不在 %(first)s 年至明年之间") % {
            "year": year,
            "first": FIRST_YEAR,
        }
    if int(region[:2]) not in PROVINCES:
        return _("投资项目代码的行政区划“%(region)s”不是有效的省级区划") % {"region": region}
    if region[2:4] != "00" and region[4:] == "00":
        return _("投资项目代码的行政区划“%(region)s”应到县级") % {"region": region}
    if department == "00":
        return _("投资项目代码的部门代码不能为 00")
    if kind == "00":
        return _("投资项目代码的项目类型代码不能为 00")
    return None


def validate_project_code(code: str) -> None:
    if code:
        problem = project_code_problem(code)
        if problem:
            raise ValidationError(problem)
