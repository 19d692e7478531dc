"""The package's demo zone is the one `make run` builds; tests do not see each other's writes."""

from __future__ import annotations

from zoneops.core.models import Zone
from zoneops.enterprises.models import Enterprise


def test_the_demo_zone_is_built_with_its_logins(demo) -> None:
    assert Zone.objects.get().name == "西宁经济技术开发区"
    assert "ent1" in demo.usernames
    assert demo.client("econ").get("/").status_code == 200


def test_a_test_writes_in_its_own_savepoint(demo) -> None:
    Enterprise.objects.filter(pk=Enterprise.objects.order_by("pk").first().pk).update(
        name="改名测试"
    )
    assert Enterprise.objects.filter(name="改名测试").exists()


def test_the_previous_tests_write_is_gone(demo) -> None:
    assert not Enterprise.objects.filter(name="改名测试").exists()
