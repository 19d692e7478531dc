"""The document engine's foot: the signature and date lines stay on the page of the text
above them (a last page holding only a signature is the mistake GB/T 9704 warns of)."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as read_docx

from zoneops.core.documents import Document


def test_the_signature_lines_keep_with_the_text_above_them() -> None:
    doc = Document(title="周报", date=dt.date(2026, 12, 6))
    doc.paragraph("第一段。")
    doc.paragraph("最后一段，落款紧随其后。")
    doc.signatures(["西宁经济技术开发区安全生产监督管理局", "2026年12月6日"])
    out = io.BytesIO()
    doc.save(out)
    paragraphs = read_docx(io.BytesIO(out.getvalue())).paragraphs
    keep = {p.text: p.paragraph_format.keep_with_next for p in paragraphs if p.text}
    assert keep["最后一段，落款紧随其后。"] is True
    assert keep["西宁经济技术开发区安全生产监督管理局"] is True
    assert not keep["2026年12月6日"]  # the last line lets the next page begin
    assert not keep["第一段。"]
