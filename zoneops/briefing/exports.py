"""The briefing's Word documents on the one export path (core.exports): a draft as it stands
or an issued version, written on the worker (the page waits on 我的导出)."""

from __future__ import annotations

from typing import IO, Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.briefing import content, document
from zoneops.briefing.models import Briefing, BriefingVersion
from zoneops.briefing.services import facts_of
from zoneops.core.exports import ExportRefused, Progress, Written
from zoneops.core.models import User
from zoneops.core.navigation import module_allowed


def allowed(user: Any) -> bool:
    return module_allowed(user, "briefing_docs")


def _id(params: QueryDict, name: str) -> int | None:
    text = params.get(name) or ""
    return int(text) if text.isdigit() else None


def draft_snapshot(*, user: User, briefing: Briefing) -> dict[str, Any]:
    """A draft's document content: the figures as they stand, its paragraphs, no version."""
    today = timezone.localdate()
    facts = facts_of(user=user, briefing=briefing, today=today)
    return content.snapshot(
        facts=facts,
        texts=content.texts_for(facts, briefing.texts),
        next_steps=briefing.next_steps,
        number=briefing.number,
        version=0,
        issued_on=today,
    )


def snapshot_for(*, user: User, params: QueryDict) -> dict[str, Any]:
    """The content a request names (``version`` or ``briefing``), within the user's scope."""
    visible = Briefing.objects.visible_to(user)
    version_id, briefing_id = _id(params, "version"), _id(params, "briefing")
    if version_id is not None:
        version = BriefingVersion.objects.filter(briefing__in=visible, pk=version_id).first()
        if version is None:
            raise ExportRefused(_("该简报版本不存在或无权查看"))
        return dict(version.snapshot)
    briefing = visible.filter(pk=briefing_id).first() if briefing_id is not None else None
    if briefing is None:
        raise ExportRefused(_("该简报不存在或无权查看"))
    return draft_snapshot(user=user, briefing=briefing)


def write(*, user: User, params: QueryDict, out: IO[bytes], progress: Progress) -> Written:
    snapshot = snapshot_for(user=user, params=params)
    progress(0, 1)
    document.write(snapshot, out)
    progress(1, 1)
    return Written(filename=document.filename(snapshot), rows=1)
