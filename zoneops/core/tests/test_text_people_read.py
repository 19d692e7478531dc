"""Values as people read them: numbers without exponents, labels instead of codes, Django's own
messages in plain Chinese, exports that take lazy translations."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as lazy  # (not a message to translate)
from python_calamine import CalamineWorkbook

from zoneops.core import units
from zoneops.core.exports import xlsx_bytes
from zoneops.core.forms import DecimalInput
from zoneops.core.imports.problems import ImportRefused
from zoneops.core.imports.reader import read_workbook
from zoneops.core.models import ChangeRecord


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5E+3"), "5000"),
        (Decimal("5E+1"), "50"),
        (Decimal("2.8E+4"), "28000"),
        (Decimal("5000.0000"), "5000"),
        (Decimal("0.5000"), "0.5"),
        (Decimal("-12.2500"), "-12.25"),
        (Decimal("0E-4"), "0"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal(50000000) / Decimal(10000), "5000"),
        (None, ""),
    ],
)
def test_a_decimal_is_written_as_people_write_it(value, text):
    assert units.plain(value) == text


def test_a_form_box_shows_a_round_figure_without_an_exponent():
    class Form(forms.Form):
        amount = forms.DecimalField(widget=DecimalInput)

    html = str(Form(initial={"amount": Decimal("5E+3")})["amount"])
    assert 'value="5000"' in html
    assert units.to_input(Decimal("500000.00"), "万元") == "50"
    assert units.to_input(Decimal("3000000000"), "亿元") == "30"


def test_an_export_takes_lazy_translations_in_headers_rows_and_title():
    content = xlsx_bytes(
        sheet=lazy("培育对象"),
        headers=[lazy("企业名称"), lazy("状态")],
        rows=[["青海甲锂业有限公司", lazy("已纳入")]],
        title=lazy("梯度培育候选企业"),
    )
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows = book.get_sheet_by_index(0).to_python()
    assert book.sheet_names == ["培育对象"]
    assert rows[0][0] == "梯度培育候选企业"
    assert rows[2] == ["青海甲锂业有限公司", "已纳入"]


def test_djangos_own_messages_read_as_plain_chinese():
    class Form(forms.Form):
        name = forms.CharField(max_length=5)
        amount = forms.DecimalField(max_value=10)

    with translation.override("zh-hans"):
        errors = Form({"name": "青海甲锂业有限公司", "amount": "11"}).errors
        assert errors["name"] == ["最多填写 5 个字（现有 9 个）。"]
        assert errors["amount"] == ["不能大于 10。"]
        assert Form({})["name"].errors == ["此项必填。"]


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese_only():
    with translation.override("zh-hans"), pytest.raises(ImportRefused) as refused:
        read_workbook(b"not a workbook at all", "ledger.xlsx")
    message = str(refused.value)
    assert "无法读取该文件" in message
    assert not any(
        "a" <= c.lower() <= "z"
        for c in message.replace("Excel", "")
        .replace("xlsx", "")
        .replace("xls", "")
        .replace("ods", "")
    )


def test_history_filter_names_kinds_of_object_not_app_models(world, login):
    ChangeRecord.objects.create(
        actor=world.admin, model="enterprises.enterprise", object_id="1", action="create"
    )
    text = login(world.admin).get(reverse("history")).content.decode()
    assert '<option value="enterprises.enterprise">企业</option>' in text
    assert ">enterprises.enterprise<" not in text


def test_the_api_writes_a_decimal_as_people_write_it():
    # What arithmetic or normalize() leaves (5E+3) goes out as 5000 in every JSON answer.
    from zoneops.core.api import api

    body = api.renderer.render(
        None,  # type: ignore[arg-type]
        {"total": Decimal("5E+3"), "rate": Decimal("0.50"), "tiny": Decimal("1E-7")},
        response_status=200,
    )
    assert body == '{"total": "5000", "rate": "0.5", "tiny": "0.0000001"}'
