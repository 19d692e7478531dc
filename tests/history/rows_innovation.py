"""History-table rows: innovation (platforms and titles, talents, the daily renewals job)."""

from __future__ import annotations

from typing import Any

from tests.history.table import CREATE, UPDATE, D, Service, Wrote, _officer, case, mark, wrote


def _title(w: Any, **extra: Any) -> dict[str, Any]:
    return {
        "enterprise": w.enterprise_x,
        "kind": "high_tech",
        "level": "national",
        "issued_on": D(2024, 6, 20),  # valid until 2027-06-19
        "certificate_number": "GR202463000123",
        **extra,
    }


@case("innovation", "recognition_save")
def _recognition_save(w: Any, fn: Service) -> Wrote:
    recognition = fn(actor=w.econ, data=_title(w), today=D(2026, 5, 20))
    return wrote(recognition, CREATE, w.econ)


@case("innovation", "talent_save")
def _talent_save(w: Any, fn: Service) -> Wrote:
    keeper = _officer("service", "企业服务中心", "t-talents")
    talent = fn(
        actor=keeper,
        data={
            "name": "张三",
            "id_number": "11010519491231002X",
            "enterprise": w.enterprise_x,
            "programme": "昆仑英才·高端创新人才千人计划",
            "tier": "领军人才",
            "year": 2024,
        },
    )
    return wrote(talent, CREATE, keeper)


@case("innovation", "renewals_run")
def _renewals_run(w: Any, fn: Service) -> Wrote:
    from zoneops.innovation import services

    title = services.recognition_save(actor=None, data=_title(w), today=D(2026, 5, 20), check=False)
    since = mark()
    run = fn(today=D(2027, 7, 1))
    assert run["expired"] == 1
    return wrote(title, UPDATE, None, since)  # the job marks it 到期, no person
