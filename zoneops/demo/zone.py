"""The demo zone's organisation (zone, parks, departments, areas, banks) and its people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from zoneops.core.models import Area, Bank, Department, Park, Role, User, Zone
from zoneops.core.services import user_save
from zoneops.demo.context import DEMO_PASSWORD, DemoContext

if TYPE_CHECKING:
    from zoneops.demo.enterprises import EnterpriseProfile


@dataclass(frozen=True)
class ParkSpec:
    key: str
    name: str
    # township-level statistical division (docs/domain.md#statistical-division-codes)
    division_code: str
    district_division: str  # the district that registers its enterprises
    address_prefix: str
    roads: tuple[str, ...]
    areas: tuple[str, ...]


PARKS = (
    ParkSpec(
        key="dc",
        name="东川工业园",
        division_code="630102400",
        district_division="630102",
        address_prefix="西宁市城东区东川工业园区",
        roads=("金桥路", "昆仑东路", "八一东路", "经二路", "经四路", "纬二路", "纬五路"),
        areas=("光伏产业片区", "有色合金片区", "装备制造片区"),
    ),
    ParkSpec(
        key="nc",
        name="南川工业园",
        division_code="630103400",
        district_division="630103",
        address_prefix="西宁市城中区南川工业园区",
        roads=("创业路", "南川西路", "南川东路", "园区一路", "园区三路", "藏毯路"),
        areas=("锂电产业片区", "藏毯及轻工片区", "综合服务片区"),
    ),
    ParkSpec(
        key="sw",
        name="生物科技产业园",
        division_code="630105400",
        district_division="630105",
        address_prefix="西宁市城北区生物科技产业园",
        roads=("经二路", "经四路", "纬二路", "纬三路", "纬八路"),
        areas=("藏药及中药片区", "生物制品片区"),
    ),
    ParkSpec(
        key="gh",
        name="甘河工业园",
        division_code="630106400",
        district_division="630106",
        address_prefix="西宁市湟中区甘河工业园区",
        roads=("甘河大道", "东区经一路", "东区纬二路", "西区经三路", "西区纬一路"),
        areas=("东区有色冶金片区", "西区化工片区", "循环经济片区"),
    ),
)
PARK_BY_KEY = {spec.key: spec for spec in PARKS}

DEPARTMENTS = (
    ("office", "党政办公室"),
    ("economy", "经济发展局"),
    ("investment", "招商局"),
    ("projects", "项目办"),
    ("finance", "财政金融局"),
    ("service", "企业服务中心"),
    ("safety", "安全生产监督管理局"),
)

BANKS = (
    "中国工商银行西宁经济技术开发区支行",
    "中国建设银行西宁南川支行",
    "中国农业银行西宁城东支行",
    "青海银行城东支行",
    "西宁农村商业银行南川支行",
    "国家开发银行青海省分行",
)


@dataclass(frozen=True)
class Account:
    """A person of the demo. ``login``: has the demo password and is listed for the user."""

    username: str
    full_name: str
    title: str
    role: str
    phone: str = ""
    department: str | None = None
    park: str | None = None
    login: bool = True


STAFF = (
    Account("leader", "贺志远", "管委会常务副主任", Role.ZONE_LEADER, "0971-5301001"),
    Account("econ", "马文斌", "经济运行科科长", Role.DEPARTMENT_OFFICER, "0971-5301126", "economy"),
    Account(
        "invest", "李海燕", "招商一科科长", Role.DEPARTMENT_OFFICER, "0971-5301218", "investment"
    ),
    Account(
        "projects", "赵建国", "重点项目科科长", Role.DEPARTMENT_OFFICER, "0971-5301305", "projects"
    ),
    Account(
        "service", "韩晓梅", "企业服务科科长", Role.DEPARTMENT_OFFICER, "0971-5301412", "service"
    ),
    Account(
        "safety", "祁永福", "安全监管科科长", Role.DEPARTMENT_OFFICER, "0971-5301520", "safety"
    ),
    Account(
        "park-dc",
        "张卫东",
        "东川工业园管理办公室副主任",
        Role.PARK_OFFICER,
        "0971-8812035",
        park="dc",
    ),
    Account(
        "park-nc",
        "陈思远",
        "南川工业园管理办公室经济服务科科长",
        Role.PARK_OFFICER,
        "0971-6301178",
        park="nc",
    ),
    Account("admin", "杜明", "信息中心工程师", Role.ADMIN, "0971-5301699"),
)

# Service officers (包联干部) without a demo login: they appear in the registry only.
OFFICERS = (
    Account(
        "park-dc-2", "王建军", "东川工业园管理办公室科员", Role.PARK_OFFICER, park="dc", login=False
    ),
    Account(
        "park-dc-3", "李婷", "东川工业园管理办公室科员", Role.PARK_OFFICER, park="dc", login=False
    ),
    Account(
        "park-nc-2", "马晓峰", "南川工业园管理办公室科员", Role.PARK_OFFICER, park="nc", login=False
    ),
    Account(
        "park-nc-3", "杨慧", "南川工业园管理办公室科员", Role.PARK_OFFICER, park="nc", login=False
    ),
    Account(
        "park-sw-1",
        "周雪梅",
        "生物科技产业园管理办公室副主任",
        Role.PARK_OFFICER,
        park="sw",
        login=False,
    ),
    Account(
        "park-sw-2",
        "才让多杰",
        "生物科技产业园管理办公室科员",
        Role.PARK_OFFICER,
        park="sw",
        login=False,
    ),
    Account(
        "park-gh-1",
        "鲁永刚",
        "甘河工业园管理办公室副主任",
        Role.PARK_OFFICER,
        park="gh",
        login=False,
    ),
    Account(
        "park-gh-2", "韩磊", "甘河工业园管理办公室科员", Role.PARK_OFFICER, park="gh", login=False
    ),
)

# Who serves an enterprise of each park; the largest enterprises are served by the leaders.
PARK_SERVICE_OFFICERS = {
    "dc": ("park-dc", "park-dc-2", "park-dc-3"),
    "nc": ("park-nc", "park-nc-2", "park-nc-3"),
    "sw": ("park-sw-1", "park-sw-2"),
    "gh": ("park-gh-1", "park-gh-2"),
}
KEY_ENTERPRISE_OFFICERS = ("leader", "econ", "service")

# Users of two enterprises in different parks: the account, and the sector, park and core
# industries (小类) of its enterprise: lithium batteries or materials in 南川, PV cells or
# silicon in 东川.
ENTERPRISE_ACCOUNTS = (
    (
        Account("ent1", "王雪", "统计员", Role.ENTERPRISE, "13897012345"),
        ("lithium", "nc", ("3841", "3985", "2613")),
    ),
    (
        Account("ent2", "刘洋", "综合管理部部长", Role.ENTERPRISE, "13909718866"),
        ("pv", "dc", ("3825", "3985", "3218")),
    ),
)
BANK_ACCOUNT = (
    Account("bank", "孙丽娜", "公司业务部客户经理", Role.BANK, "0971-8123456"),
    BANKS[0],
)

LOGIN_ORDER = (
    "leader",
    "econ",
    "invest",
    "projects",
    "service",
    "finance",  # made with the finance services (zoneops/demo/finance.py)
    "safety",
    "park-dc",
    "park-nc",
    "grid1",  # made with the safety grids (zoneops/demo/safety.py)
    "grid2",
    "ent1",
    "ent2",
    "bank",
    "bank2",  # made with the finance services
    "taskforce",  # made with the key projects (zoneops/demo/projects.py)
    "admin",
)


def build_organisation(ctx: DemoContext) -> None:
    """The zone, its parks with their real division codes, departments, areas and banks.

    Organisation units have no write service of their own (they are configuration set up once),
    so they are created directly.
    """
    zone = Zone.objects.create(
        name="西宁经济技术开发区", short_name="西宁经开区", division_code="630100"
    )
    ctx.zone = zone
    for order, spec in enumerate(PARKS, start=1):
        park = Park.objects.create(
            zone=zone, name=spec.name, division_code=spec.division_code, order=order
        )
        ctx.parks[spec.key] = park
        Area.objects.bulk_create(Area(park=park, name=name) for name in spec.areas)
    for order, (code, name) in enumerate(DEPARTMENTS, start=1):
        ctx.departments[code] = Department.objects.create(
            zone=zone, code=code, name=name, order=order
        )
    ctx.banks = [Bank.objects.create(name=name) for name in BANKS]


def _save(ctx: DemoContext, account: Account, **scope: object) -> User:
    data: dict[str, object] = {
        "username": account.username,
        "full_name": account.full_name,
        "title": account.title,
        "phone": account.phone,
        "role": account.role,
        **scope,
    }
    if account.department:
        data["department"] = ctx.departments[account.department]
    if account.park:
        data["parks"] = [ctx.parks[account.park]]
    user = user_save(
        actor=None, data=data, password=DEMO_PASSWORD if account.login else None, check=False
    )
    ctx.users[user.username] = user
    return user


def build_staff(ctx: DemoContext) -> None:
    """The administration's accounts and the park officers who serve enterprises."""
    for account in (*STAFF, *OFFICERS):
        _save(ctx, account)
    bank_account, bank_name = BANK_ACCOUNT
    _save(ctx, bank_account, bank=next(b for b in ctx.banks if b.name == bank_name))


def build_enterprise_users(ctx: DemoContext) -> None:
    """ent1 and ent2: users of a lithium enterprise in 南川 and a PV enterprise in 东川: key
    enterprises with plenty to report, but not the chain owners everybody watches."""
    for account, (sector, park, codes) in ENTERPRISE_ACCOUNTS:
        profile = pick_enterprise(ctx.profiles, sector=sector, park=park, codes=codes)
        _save(ctx, account, enterprise=ctx.enterprises[profile.credit_code])


def pick_enterprise(
    profiles: list[EnterpriseProfile], *, sector: str, park: str, codes: tuple[str, ...]
) -> EnterpriseProfile:
    """The largest operating above-size enterprise of a sector and park, in its core
    industries if one is there, and not a chain owner if another will do."""
    pool = [
        p
        for p in profiles
        if p.sector == sector and p.park == park and p.is_above_scale and p.status == "operating"
    ]
    core = [p for p in pool if p.industry_code in codes] or pool
    others = [p for p in core if p.chain_role != "owner"] or core
    return max(others, key=lambda p: p.revenue)


@dataclass(frozen=True)
class Login:
    username: str
    full_name: str
    role: str
    scope: str


def demo_logins(ctx: DemoContext) -> list[Login]:
    """The demo accounts in the order the README lists them, with what each one sees (those
    the build made: a registry-only build has no task force)."""
    rows = []
    for username in LOGIN_ORDER:
        user = ctx.users.get(username)
        if user is None:
            continue
        rows.append(Login(username, user.full_name, str(Role(user.role).label), _scope_text(user)))
    return rows


def _scope_text(user: User) -> str:
    if user.role in (Role.ZONE_LEADER, Role.ADMIN):
        return "全区"
    if user.department is not None:
        return user.department.name
    if user.enterprise is not None:
        return f"{user.enterprise.name}（{user.enterprise.park.name}）"
    if user.bank is not None:
        return user.bank.name
    if user.role == Role.GRID_MEMBER:
        from zoneops.safety.models import Grid

        grids = Grid.objects.filter(members=user).select_related("area__park").order_by("code")
        return "、".join(f"{grid.area.park.name}{grid.name}" for grid in grids)
    if user.role == Role.TASK_FORCE:
        from zoneops.projects.models import KeyProject

        projects = KeyProject.objects.filter(members__user=user).order_by("pk")
        return "、".join(project.name for project in projects)
    return "、".join(park.name for park in user.parks.all())
