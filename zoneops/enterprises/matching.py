"""Which enterprise an imported row means, among those the importer may report for.

Every import that names enterprises by credit code or by name (the monthly reports, the grid
company's electricity ledger …) matches them here, so that they answer alike. An enterprise the
importer may not report for is treated as one the registry does not hold: the problem says the
code (or name) is not among the enterprises they may report for, and nothing more — neither
its name nor its park, nor whether it exists. The system (no actor) may report for every one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zoneops.core.models import Park
from zoneops.enterprises.models import Enterprise, validate_credit_code

LOOKUP_CHUNK = 2000  # codes or names per IN (...) lookup


def name_key(name: str) -> str:
    """An enterprise name as matched: exact, but blind to spaces and bracket width."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def name_variants(name: str) -> set[str]:
    bare = "".join(name.split())
    return {name, bare, name_key(name), bare.replace("（", "(").replace("）", ")")}


@dataclass(frozen=True)
class Miss:
    """Why a row's enterprise was not found: the cell to blame ("credit_code" or "name")."""

    key: str
    message: str


def unknown_code(code: str, *, scoped: bool) -> str:
    """The problem text for a well-formed code that is not (for this importer) in the registry."""
    if scoped:
        return _("统一社会信用代码“%(code)s”不在您可报送的企业之中") % {"code": code}
    return _("统一社会信用代码“%(code)s”不在企业库中（不会自动新建）") % {"code": code}


def unknown_name(name: str, *, scoped: bool) -> str:
    if scoped:
        return _("企业“%(name)s”不在您可报送的企业之中") % {"name": name}
    return _("企业“%(name)s”不在企业库中（不会自动新建）") % {"name": name}


def code_problem(code: str, *, scoped: bool) -> str:
    """A malformed code says what is wrong with it; a well-formed one that is not found, that."""
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        return "；".join(exc.messages)
    return unknown_code(code, scoped=scoped)


@dataclass
class Matches:
    """The enterprises a file names, by credit code and by name — only those ``may_report``
    lets the importer report for (``scoped``: the importer is not the whole zone's system)."""

    may_report: Callable[[Enterprise], bool] = lambda enterprise: True
    scoped: bool = False
    by_code: dict[str, Enterprise] = field(default_factory=dict)
    by_name: dict[str, list[Enterprise]] = field(default_factory=dict)

    def load(self, *, codes: Iterable[str], names: Callable[[set[str]], Iterable[str]]) -> None:
        """Fetch the enterprises of ``codes``, then those of the names ``names(found codes)``
        returns (the rows whose code is missing or not found)."""
        parks = Park.objects.in_bulk()
        wanted = sorted(set(codes))
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            self._add(Enterprise.objects.filter(credit_code__in=chunk), parks)
        variants: set[str] = set()
        for name in names(set(self.by_code)):
            variants |= name_variants(name)
        ordered = sorted(variants)
        for start in range(0, len(ordered), LOOKUP_CHUNK):
            chunk = ordered[start : start + LOOKUP_CHUNK]
            self._add(Enterprise.objects.filter(name__in=chunk), parks)

    def _add(self, found: Iterable[Enterprise], parks: dict[int, Park]) -> None:
        for enterprise in found:
            enterprise.park = parks[enterprise.park_id]  # one object per park, not per row
            if not self.may_report(enterprise):
                continue  # as if the registry did not hold it
            self.by_code[enterprise.credit_code] = enterprise
            same = self.by_name.setdefault(name_key(enterprise.name), [])
            if enterprise not in same:
                same.append(enterprise)

    def match(self, code: str | None, name: str) -> Enterprise | Miss:
        """The enterprise of a row's code (or, without one, its name), or why there is none."""
        if code:
            found = self.by_code.get(code)
            if found is not None:
                return found
            message = code_problem(code, scoped=self.scoped)
            same = self.by_name.get(name_key(name), []) if name else []
            if len(same) == 1 and message == unknown_code(code, scoped=self.scoped):
                message += _("；企业库中“%(name)s”的代码是%(other)s") % {
                    "name": same[0].name,
                    "other": same[0].credit_code,
                }
            return Miss("credit_code", message)
        if not name:
            return Miss("name", _("企业名称为空，统一社会信用代码也为空：无法确定是哪家企业"))
        candidates = self.by_name.get(name_key(name), [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            return Miss(
                "name",
                _("企业库中有%(n)d家企业名为“%(name)s”：请在文件中填写统一社会信用代码")
                % {"n": len(candidates), "name": name},
            )
        return Miss("name", unknown_name(name, scoped=self.scoped))
