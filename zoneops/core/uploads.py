"""Uploaded photos and documents, checked by their content, not by the name or type the
browser claims: the one check every app's attachments go through (appeals, ledgers …), and
the form field that takes several at once (from a phone's camera or its files)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core.history import record, snapshot
from zoneops.core.models import ChangeRecord

MAX_BYTES = 10 * 1024 * 1024
# How many files one object (an appeal, a ledger entry) may carry.
MAX_PER_OBJECT = 9


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "jpeg": Kind("image/jpeg", ("jpg", "jpeg")),
    "png": Kind("image/png", ("png",)),
    "webp": Kind("image/webp", ("webp",)),
    # iPhones photograph in HEIC unless told otherwise.
    "heic": Kind("image/heic", ("heic", "heif")),
    "pdf": Kind("application/pdf", ("pdf",)),
    "ole": Kind("application/octet-stream", ("doc", "xls")),
    "docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
    ),
    "xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
}
OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}
ACCEPT = ",".join(f".{e}" for kind in KINDS.values() for e in kind.extensions)


def _sniff(head: bytes, stream: IO[bytes]) -> str | None:
    """The kind of file these bytes begin, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return "heic"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(stream).namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_upload(upload: Any) -> str:
    """The content type to store and serve for an uploaded file, or ValidationError saying
    which file and what is allowed."""
    name = str(getattr(upload, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s”超过 %(mb)d MB，请压缩后再上传") % {"name": name, "mb": MAX_BYTES // 2**20}
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s”是空文件") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = _sniff(head, upload)
    upload.seek(0)
    if kind is None or extension not in KINDS[kind].extensions:
        raise ValidationError(
            _(
                "“%(name)s”不是可接受的文件：请上传照片（JPG、PNG、WEBP、HEIC）或文档（PDF、Word、Excel）"
            )
            % {"name": name}
        )
    return OLE_TYPES[extension] if kind == "ole" else KINDS[kind].content_type


PHOTO_KINDS = ("jpeg", "png", "webp", "heic")
PHOTO_ACCEPT = ",".join(f".{e}" for kind in PHOTO_KINDS for e in KINDS[kind].extensions)


def check_photo(upload: Any) -> str:
    """Like :func:`check_upload`, for a place that takes photos only (an inspection's finding,
    a rectification's evidence): a document is refused, saying so."""
    content_type = check_upload(upload)
    if content_type not in {KINDS[kind].content_type for kind in PHOTO_KINDS}:
        raise ValidationError(
            _("“%(name)s”不是照片：此处只接受 JPG、PNG、WEBP、HEIC 照片")
            % {"name": getattr(upload, "name", "")}
        )
    return content_type


def check_count(existing: int, adding: int) -> None:
    if existing + adding > MAX_PER_OBJECT:
        raise ValidationError(
            _("最多 %(n)d 个附件（已有 %(have)d 个）") % {"n": MAX_PER_OBJECT, "have": existing}
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several photos or documents in one field (every input of that name on the page), each
    checked by :func:`check_upload`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": f"image/*,{ACCEPT}"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            format_lazy(
                gettext_lazy("照片或文档（PDF、Word、Excel），每个不超过 {mb} MB，最多 {n} 个"),
                mb=MAX_BYTES // 2**20,
                n=MAX_PER_OBJECT,
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        cleaned = [super(AttachmentsField, self).clean(u, initial) for u in uploads]
        check_count(0, len(cleaned))
        problems: list[str] = []
        for upload in cleaned:
            try:
                check_upload(upload)
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        return cleaned


class PhotosField(AttachmentsField):
    """Several photos in one field (a phone's camera or its album), each checked by
    :func:`check_photo`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": f"image/*,{PHOTO_ACCEPT}"}))
        kwargs.setdefault(
            "help_text",
            format_lazy(
                gettext_lazy("照片（JPG、PNG、WEBP、HEIC），每张不超过 {mb} MB，最多 {n} 张"),
                mb=MAX_BYTES // 2**20,
                n=MAX_PER_OBJECT,
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        cleaned = super().clean(data, initial)
        problems: list[str] = []
        for upload in cleaned:
            try:
                check_photo(upload)
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        return cleaned


def store(
    model: type[models.Model],
    uploads: Sequence[Any],
    types: Sequence[str],
    *,
    actor: Any,
    **owner: Any,
) -> list[Any]:
    """Store uploads already checked (``types``: their content types, as the checks found
    them) as rows of ``model`` (an attachment model: ``file``, ``name``, ``content_type``,
    ``size``, ``uploaded_by``, and the ``owner`` fields), each creation in the history. The
    stored path is the platform's own: the history keeps the name people gave the file."""
    saved = []
    for upload, content_type in zip(uploads, types, strict=True):
        row = model(
            **owner,
            name=str(upload.name)[-200:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        row.file.save(str(upload.name), upload, save=False)  # type: ignore[attr-defined]
        row.save()
        record(
            actor=actor,
            obj=row,
            action=ChangeRecord.Action.CREATE,
            before=None,
            after=snapshot(row, exclude=("file",)),
        )
        saved.append(row)
    return saved
