"""The demo zone: `manage.py demo_zone --seed N --today DAY` on an empty database.

The zone is built once for the module (it takes a few seconds) inside a transaction that is
rolled back at the end, so the rest of the suite never sees it; each test runs in its own
savepoint on top of it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import override_settings
from stdnum.cn import uscc

from zoneops.core.models import ChangeRecord, Park, Role, User, Zone
from zoneops.demo.builder import DEMO_PASSWORD, DemoContext
from zoneops.demo.chains import CHAINS
from zoneops.demo.enterprises import _industries, digest, enterprise_profiles
from zoneops.demo.industries import SECTOR_BY_KEY, SECTORS
from zoneops.demo.tests.building import FAST_HASHER, rolled_back
from zoneops.demo.zone import LOGIN_ORDER
from zoneops.enterprises.models import (
    Chain,
    ChainMembership,
    ChainRole,
    Enterprise,
    EnterpriseStatus,
    IndustryLevel,
)
from zoneops.enterprises.tests.factories import industry

SEED = 2024
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def demo_output(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with rolled_back(django_db_blocker):
        out = StringIO()
        # The registry's part: the monthly ledgers have their own tests (monitoring app).
        call_command("demo_zone", seed=SEED, registry_only=True, today=TODAY, stdout=out)
        yield out.getvalue()


@pytest.fixture
def demo(demo_output: str, db: None) -> str:
    return demo_output


def test_demo_zone_has_the_four_parks_with_their_division_codes(demo: str) -> None:
    assert Zone.objects.get().name == "西宁经济技术开发区"
    parks = dict(Park.objects.values_list("division_code", "name"))
    assert parks == {
        "630102400": "东川工业园",
        "630103400": "南川工业园",
        "630105400": "生物科技产业园",
        "630106400": "甘河工业园",
    }
    for park in Park.objects.all():
        assert 2 <= park.areas.count() <= 4
        assert park.enterprises.count() > 60


def test_demo_enterprises_have_valid_unique_credit_codes_and_names(demo: str) -> None:
    codes = list(Enterprise.objects.values_list("credit_code", flat=True))
    assert 550 <= len(codes) <= 650
    assert all(uscc.is_valid(code) for code in codes)
    names = list(Enterprise.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    # Every enterprise went through enterprise_create, which writes its history.
    created = ChangeRecord.objects.filter(model="enterprises.enterprise", action="create")
    assert created.count() == len(codes)


def _sign_in(username: str) -> User:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        user = authenticate(username=username, password=DEMO_PASSWORD)
    assert isinstance(user, User), f"{username} cannot sign in with the demo password"
    return user


def test_demo_logins_authenticate_with_the_demo_password_and_have_their_role(demo: str) -> None:
    # The registry's build makes these; the task force comes with the key projects, the finance
    # officer and the second bank with finance, the grid members with safety (tests/demo signs
    # every one of them in on the whole demo).
    later = {"taskforce", "finance", "bank2", "grid1", "grid2"}
    users = {name: _sign_in(name) for name in LOGIN_ORDER if name not in later}
    assert len(users) == 12
    assert all(user.full_name and user.title for user in users.values())
    assert {name: user.role for name, user in users.items()} == {
        "leader": Role.ZONE_LEADER,
        "econ": Role.DEPARTMENT_OFFICER,
        "invest": Role.DEPARTMENT_OFFICER,
        "projects": Role.DEPARTMENT_OFFICER,
        "service": Role.DEPARTMENT_OFFICER,
        "safety": Role.DEPARTMENT_OFFICER,
        "park-dc": Role.PARK_OFFICER,
        "park-nc": Role.PARK_OFFICER,
        "ent1": Role.ENTERPRISE,
        "ent2": Role.ENTERPRISE,
        "bank": Role.BANK,
        "admin": Role.ADMIN,
    }
    # The service officers without a demo login have no usable password.
    assert not User.objects.get(username="park-gh-1").has_usable_password()


def test_demo_logins_have_their_scope(demo: str) -> None:
    departments = dict(
        User.objects.filter(role=Role.DEPARTMENT_OFFICER).values_list(
            "username", "department__code"
        )
    )
    assert departments == {
        "econ": "economy",
        "invest": "investment",
        "projects": "projects",
        "service": "service",
        "safety": "safety",
    }
    parks = dict(
        User.objects.filter(username__in=["park-dc", "park-nc"]).values_list(
            "username", "parks__name"
        )
    )
    assert parks == {"park-dc": "东川工业园", "park-nc": "南川工业园"}
    enterprises = {
        e.users.get().username: e
        for e in Enterprise.objects.filter(users__username__in=["ent1", "ent2"]).select_related(
            "park", "industry"
        )
    }
    assert enterprises["ent1"].park.name == "南川工业园"
    assert enterprises["ent1"].industry.code[:2] in {
        "38",
        "39",
        "26",
    }  # lithium cells, materials, salts
    assert enterprises["ent2"].park.name == "东川工业园"
    assert enterprises["ent2"].industry.code[:2] in {"38", "39", "32"}  # PV cells, silicon
    assert all(e.is_above_scale for e in enterprises.values())
    assert User.objects.filter(username="bank", bank__isnull=False).exists()


def test_demo_logins_see_what_their_scope_allows(demo: str) -> None:
    park_dc = User.objects.get(username="park-dc")
    seen = Enterprise.objects.visible_to(park_dc)
    assert seen.count() == Enterprise.objects.filter(park__name="东川工业园").count() > 0
    assert set(seen.values_list("park__name", flat=True)) == {"东川工业园"}
    ent1 = User.objects.get(username="ent1")
    assert list(Enterprise.objects.visible_to(ent1)) == [ent1.enterprise]
    leader = User.objects.get(username="leader")
    assert Enterprise.objects.visible_to(leader).count() == Enterprise.objects.count()


def test_demo_chains_have_leaders_owners_nodes_and_gaps(demo: str) -> None:
    chains = list(Chain.objects.prefetch_related("nodes__memberships"))
    assert [c.name for c in chains] == [spec.name for spec in CHAINS]
    for chain in chains:
        assert chain.leader_name and chain.leader_title
        nodes = list(chain.nodes.all())
        assert 6 <= len(nodes) <= 10
        assert {n.segment for n in nodes} == {"upstream", "midstream", "downstream"}
        empty = [n.name for n in nodes if not n.memberships.all()]
        assert 1 <= len(empty) <= 2, (chain.name, empty)
        members = ChainMembership.objects.filter(chain=chain)
        owners = members.filter(role=ChainRole.OWNER)
        assert 1 <= owners.count() <= 2
        assert members.filter(role=ChainRole.SUPPORTING).count() >= 10
        for owner in owners.select_related("enterprise"):
            assert owner.enterprise.tags.filter(code="chain_owner").exists()
            assert owner.enterprise.is_above_scale
    assert Chain.objects.filter(name="装备制造产业链", leader_user__username="leader").exists()


def test_demo_sizes_are_skewed_like_real_ones(demo: str) -> None:
    industrial = [
        e for e in Enterprise.objects.select_related("industry__parent") if e.industry.is_industrial
    ]
    above = sum(e.is_above_scale for e in industrial) / len(industrial)
    assert 0.30 <= above <= 0.45
    since = [e.above_scale_since for e in industrial if e.is_above_scale]
    assert all(d is not None and dt.date(2012, 1, 1) <= d <= TODAY for d in since)
    assert max(since) >= dt.date(TODAY.year - 1, 1, 1)  # some were counted only last year
    tags = Counter(Enterprise.objects.values_list("tags__code", flat=True))
    total = Enterprise.objects.count()
    assert 0.10 <= tags["high_tech"] / total <= 0.20
    assert 0.04 <= tags["srdi_province"] / total <= 0.08
    assert 2 <= tags["listed"] <= 3
    assert 3 <= tags["little_giant"] <= 8
    assert 6 <= tags["chain_owner"] <= 12
    assert tags["seasonal"] > 10
    statuses = Counter(Enterprise.objects.values_list("status", flat=True))
    assert statuses[EnterpriseStatus.OPERATING] > 0.9 * total
    assert statuses[EnterpriseStatus.STOPPED] > 0 and statuses[EnterpriseStatus.CLOSED] > 0
    # The hidden size: a few large enterprises hold most of the revenue, most are small.
    revenue = sorted((p.revenue for p in enterprise_profiles(SEED, TODAY)), reverse=True)
    assert sum(revenue[:12]) > 0.5 * sum(revenue)
    assert revenue[len(revenue) // 2] < 20_000_000
    assert revenue[0] > 1_000_000_000


def test_demo_registry_is_what_the_profiles_say(demo: str) -> None:
    profiles = {p.credit_code: p for p in enterprise_profiles(SEED, TODAY)}
    rows = Enterprise.objects.select_related("park", "industry", "service_officer")
    assert set(profiles) == {e.credit_code for e in rows}
    for e in rows.prefetch_related("tags", "contacts"):
        p = profiles[e.credit_code]
        assert (e.name, e.status, e.is_above_scale, e.above_scale_since) == (
            p.name,
            p.status,
            p.is_above_scale,
            p.above_scale_since,
        )
        assert tuple(sorted(t.code for t in e.tags.all())) == p.tags
        # Without the imported 小类 the registry holds each enterprise's 大类.
        assert e.industry.code == p.industry_code[:2]
        assert e.contacts.count() == len(p.contacts)
        assert (e.service_officer.username if e.service_officer else None) == p.service_officer
    assert "Industry classes (小类) not imported" in demo


def test_demo_uses_the_imported_industry_classes_when_present(demo: str) -> None:
    industry("3841")
    ctx = DemoContext(seed=SEED, today=TODAY, out=StringIO())
    ctx.profiles = enterprise_profiles(SEED, TODAY)
    resolved = _industries(ctx)
    assert resolved["3841"].code == "3841" and resolved["3841"].level == IndustryLevel.CLASS
    assert resolved["2740"].code == "27"


def test_demo_industries_are_real_gbt4754_divisions() -> None:
    divisions = {
        line.split(",")[0]
        for line in (
            settings.BASE_DIR / "zoneops/enterprises/data/gbt4754_2017_sections_divisions.csv"
        )
        .read_text(encoding="utf-8")
        .splitlines()
    }
    codes = {line.code for sector in SECTORS for line in sector.lines}
    assert all(len(code) == 4 and code[:2] in divisions for code in codes)
    assert all(sector.lines for sector in SECTOR_BY_KEY.values())


def test_demo_command_prints_the_logins(demo: str) -> None:
    # The registry's build prints its own accounts; those made by later apps' steps are
    # printed by the whole demo (tests/demo/test_demo_clock.py).
    later = {"taskforce", "finance", "bank2", "grid1", "grid2"}
    for username in LOGIN_ORDER:
        if username not in later:
            assert f"  {username} " in demo
    assert DEMO_PASSWORD in demo
    assert "东川工业园" in demo


def test_second_run_changes_nothing(demo: str) -> None:
    before = (Enterprise.objects.count(), User.objects.count(), ChangeRecord.objects.count())
    out = StringIO()
    call_command("demo_zone", seed=SEED + 1, stdout=out)
    assert "demo zone already present" in out.getvalue()
    assert (
        Enterprise.objects.count(),
        User.objects.count(),
        ChangeRecord.objects.count(),
    ) == before


def test_same_seed_gives_the_same_zone_in_any_process() -> None:
    script = (
        "import django; django.setup();"
        "import datetime as dt;"
        "from zoneops.demo.enterprises import digest, enterprise_profiles;"
        f"print(digest(enterprise_profiles({SEED}, dt.date.fromisoformat('{TODAY}'))))"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {
            **os.environ,
            "PYTHONHASHSEED": hash_seed,
            "DJANGO_SETTINGS_MODULE": "zoneops.settings",
        }
        result = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert digests == {digest(enterprise_profiles(SEED, TODAY))}
    assert digest(enterprise_profiles(SEED + 1, TODAY)) not in digests
    # Another year, other founding dates: the registry ages with the demo's calendar.
    assert digest(enterprise_profiles(SEED, dt.date(TODAY.year + 1, 3, 1))) not in digests
