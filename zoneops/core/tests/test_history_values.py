"""History rows show what snapshots store as text the way people read it."""

from __future__ import annotations

from django.template import Context
from django.utils import translation

from zoneops.core.templatetags.zoneops import history_label, history_value

NONE = Context({})


def test_dates_amounts_and_choices_read_as_people_write_them() -> None:
    with translation.override("zh-hans"):
        assert history_value(NONE, "investment.project", "stage", "signed") == "签约"
        assert history_value(NONE, "investment.project", "signed_on", "2023-12-20") == (
            "2023年12月20日"
        )
        assert history_value(NONE, "investment.project", "total_investment", "2500000000.00") == (
            "25.00亿元"
        )
        assert history_value(NONE, "projects.keyproject", "total_investment", "35000000.00") == (
            "3,500.00万元"
        )
        # Not money: an area keeps its number; a value the field cannot hold is shown as stored.
        assert history_value(NONE, "investment.project", "land_area", "120.50") == "120.50"
        assert history_value(NONE, "investment.project", "signed_on", "不详") == "不详"
        assert history_value(NONE, "core.changerecord", "at", "2024-03-05T10:30:00+08:00") == (
            "2024年3月5日 10:30"
        )
    with translation.override("en"):
        assert history_value(NONE, "investment.project", "signed_on", "2023-12-20") == (
            "2023-12-20"
        )


def test_a_reports_figures_are_named_and_shown_in_their_display_unit(db) -> None:
    context = Context({})
    figures = {"month_value": "1234500.00", "ytd_value": None}
    with translation.override("zh-hans"):
        assert history_label(context, "monitoring.monthlyreport", "output_value") == "工业总产值"
        assert history_label(context, "monitoring.monthlyreport", "status") == "状态"
        shown = history_value(context, "monitoring.monthlyreport", "output_value", figures)
        assert shown == "本月 123.45万元"
        assert history_label(context, "monitoring.monthlyreport", "gone") == "gone"
