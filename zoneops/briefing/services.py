"""Writes to the monthly briefing: one function per action, atomic, recording history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.briefing import content
from zoneops.briefing.models import Briefing, BriefingVersion, Span
from zoneops.briefing.permissions import can_write
from zoneops.core.history import record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, Park, Role, User
from zoneops.core.permissions import require
from zoneops.monitoring import public as monitoring


def place_of(park: Park | None) -> content.Place:
    return content.Place(
        park=None if park is None else park.pk, name=park.name if park else _("全区")
    )


def place_reader() -> User:
    """Who the figures are read as: the zone (an unsaved account that sees everything and may
    write nothing). A briefing is its place's document: the zone's says what the zone's
    leader would read, whoever in the economy office drafts it, and a park's is narrowed to
    its park by the figures' own ``park`` filter. Who may open a briefing at all is its own
    scope (models.BriefingQuerySet) and the module's roles."""
    return User(username="briefing", role=Role.ZONE_LEADER, is_active=True)


def facts_of(*, user: User, briefing: Briefing, today: dt.date | None = None) -> dict[str, Any]:
    """The briefing's figures as they stand now (a draft's are live until it is issued). The
    caller has already opened ``briefing`` as ``user``; the figures are the place's."""
    return content.gather(
        user=place_reader(),
        year=briefing.year,
        month=briefing.month,
        span=briefing.span,
        place=place_of(briefing.park),
        today=today or timezone.localdate(),
    )


@transaction.atomic
def briefing_create(
    *, actor: User, year: int, month: int, span: str = Span.MONTH, park: Park | None = None
) -> Briefing:
    """Start the draft of a month's (or a quarter's) briefing for the zone or a park, with the
    next 期号 of that year and place. A month without approved reports has nothing to say."""
    require(can_write(actor, None if park is None else park.pk))
    if span == Span.QUARTER and month % 3:
        raise ValidationError(_("季度简报的月份应为3、6、9或12月"))
    if (year, month) not in monitoring.briefing_periods():
        raise ValidationError(
            _("%(year)s年%(month)s月尚无已审核的月报，无法生成简报")
            % {"year": year, "month": month}
        )
    existing = Briefing.objects.filter(year=year, month=month, span=span, park=park).first()
    if existing is not None:
        raise ValidationError(_("该期简报已存在：%(briefing)s") % {"briefing": existing})
    taken = Briefing.objects.filter(year=year, park=park).aggregate(n=Max("number"))["n"] or 0
    briefing = Briefing(year=year, month=month, span=span, park=park, number=taken + 1)
    briefing.created_by = actor
    briefing.full_clean()
    briefing.save()
    record_save(actor=actor, obj=briefing, before=None)
    return briefing


@transaction.atomic
def briefing_edit(
    *,
    actor: User,
    briefing: Briefing,
    texts: Mapping[str, str],
    next_steps: str,
    generated: Mapping[str, str],
) -> Briefing:
    """Keep the paragraphs an officer changed (a paragraph equal to the generated one is not
    kept, so it follows the figures) and the office's 下步工作."""
    require(can_write(actor, briefing.park_id))
    before = snapshot_stored(briefing)
    edited = {
        key: text.strip()
        for key, text in texts.items()
        if key in content.SECTION_KEYS and text.strip() != (generated.get(key) or "").strip()
    }
    briefing.texts = edited
    briefing.next_steps = next_steps.strip()
    briefing.full_clean()
    briefing.save()
    record_save(actor=actor, obj=briefing, before=before)
    return briefing


@transaction.atomic
def briefing_regenerate(*, actor: User, briefing: Briefing) -> Briefing:
    """Drop the edited paragraphs: every section follows the figures again."""
    require(can_write(actor, briefing.park_id))
    before = snapshot_stored(briefing)
    briefing.texts = {}
    briefing.save()
    record_save(actor=actor, obj=briefing, before=before)
    return briefing


@transaction.atomic
def briefing_issue(
    *, actor: User, briefing: Briefing, reason: str = "", today: dt.date | None = None
) -> BriefingVersion:
    """Issue the draft as it stands: a new version with its figures and paragraphs frozen. A
    version after the first is a correction and says why."""
    require(can_write(actor, briefing.park_id))
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    day = today or timezone.localdate()
    if not briefing.next_steps.strip():
        raise ValidationError(_("签发前请填写“下步工作”"))
    taken = briefing.versions.aggregate(n=Max("version"))["n"] or 0
    if taken and not reason.strip():
        raise ValidationError(_("重新签发须说明原因"))
    facts = facts_of(user=actor, briefing=briefing, today=day)
    version = BriefingVersion(
        briefing=briefing,
        version=taken + 1,
        reason=reason.strip()[:500],
        snapshot=content.snapshot(
            facts=facts,
            texts=content.texts_for(facts, briefing.texts),
            next_steps=briefing.next_steps,
            number=briefing.number,
            version=taken + 1,
            issued_on=day,
            reason=reason.strip(),
        ),
        issued_by=actor,
        issued_at=timezone.now(),
    )
    version.full_clean()
    version.save()
    record(
        actor=actor,
        obj=version,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(version, exclude=("snapshot",)),
        note=_("签发第%(n)s版") % {"n": version.version}
        + (_("：%(reason)s") % {"reason": version.reason} if version.reason else ""),
    )
    return version
