"""Each filter of the registry list narrows it to the rows it names, on the page and in the API.

Five enterprises differ in every filtered field, so a filter that is ignored (or applied to the
wrong field) returns other rows and fails its case:

====  ======  ====  =======  ====  ===========  ========  ==========
name  park    code  门类     scale  status      chain      tag / 包联
====  ======  ====  =======  ====  ===========  ========  ==========
甲    A       3841  C        below  operating   -          -
乙    B       3841  C        below  operating   -          -
丙    A       2619  C        above  operating   锂电       high_tech, officer
丁    B       4411  D        above  stopped     光伏       leading
戊    A       3849  C        below  closed      -          -
====  ======  ====  =======  ====  ===========  ========  ==========
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.models import ChainMembership, Tag
from zoneops.enterprises.tests.factories import ChainFactory, EnterpriseFactory, industry

pytestmark = pytest.mark.django_db

JIA, YI, BING, DING, WU = "甲", "乙", "丙", "丁", "戊"
ALL = {JIA, YI, BING, DING, WU}


@pytest.fixture
def registry(world: Any) -> dict[str, Any]:
    """The table above; returns the ids a filter's value needs."""
    lithium = ChainFactory(name="锂电产业链")
    solar = ChainFactory(name="光伏制造产业链")
    bing = EnterpriseFactory(
        name="青海丙新材料有限公司",
        park=world.park_a,
        industry=industry("2619"),
        is_above_scale=True,
        service_officer=world.econ,
    )
    bing.tags.add(Tag.objects.get(code="high_tech"))
    ChainMembership.objects.create(enterprise=bing, chain=lithium)
    ding = EnterpriseFactory(
        name="青海丁电力有限公司",
        credit_code=credit_code(31_415),
        park=world.park_b,
        industry=industry("4411"),
        is_above_scale=True,
        status="stopped",
    )
    ding.tags.add(Tag.objects.get(code="leading"))
    ChainMembership.objects.create(enterprise=ding, chain=solar)
    EnterpriseFactory(
        name="青海戊机电有限公司", park=world.park_a, industry=industry("3849"), status="closed"
    )
    return {
        "park_a": world.park_a.pk,
        "park_b": world.park_b.pk,
        "lithium": lithium.pk,
        "solar": solar.pk,
        "ding_code": ding.credit_code,
    }


# (filter parameters, with {key} naming a value of the fixture) → the enterprises it keeps.
FILTERS: dict[str, tuple[dict[str, str], set[str]]] = {
    "search by name": ({"q": "丙新材"}, {BING}),
    "search by credit code": ({"q": "{ding_code}"}, {DING}),
    "park A": ({"park": "{park_a}"}, {JIA, BING, WU}),
    "park B": ({"park": "{park_b}"}, {YI, DING}),
    "industry section C": ({"industry": "C"}, {JIA, YI, BING, WU}),
    "industry section D": ({"industry": "D"}, {DING}),
    "industry division 38": ({"industry": "38"}, {JIA, YI, WU}),
    "industry division 26": ({"industry": "26"}, {BING}),
    "industry class 3841": ({"industry": "3841"}, {JIA, YI}),
    "chain 锂电": ({"chain": "{lithium}"}, {BING}),
    "chain 光伏": ({"chain": "{solar}"}, {DING}),
    "tag high_tech": ({"tag": "high_tech"}, {BING}),
    "tag leading": ({"tag": "leading"}, {DING}),
    "scale above": ({"scale": "above"}, {BING, DING}),
    "scale below": ({"scale": "below"}, {JIA, YI, WU}),
    "status operating": ({"status": "operating"}, {JIA, YI, BING}),
    "status stopped": ({"status": "stopped"}, {DING}),
    "status closed": ({"status": "closed"}, {WU}),
    "park and scale": ({"park": "{park_a}", "scale": "above"}, {BING}),
    "industry and status": ({"industry": "C", "status": "closed"}, {WU}),
}
# The page has one more: 未落实包联干部 (no service officer yet).
PAGE_ONLY: dict[str, tuple[dict[str, str], set[str]]] = {
    "without officer": ({"officer": "none"}, ALL - {BING}),
}


def _short(name: str) -> str:
    return name.removeprefix("青海")[0]


def _page(client: Client, params: dict[str, str]) -> set[str]:
    response = client.get(reverse("enterprises:list"), {**params, "size": 100})
    assert response.status_code == 200
    return {_short(e.name) for e in response.context["page"]}


def _api(client: Client, params: dict[str, str]) -> set[str]:
    response = client.get("/api/enterprises", {**params, "page_size": 100})
    assert response.status_code == 200, response.content
    return {_short(item["name"]) for item in response.json()["items"]}


READERS: dict[str, Callable[[Client, dict[str, str]], set[str]]] = {"page": _page, "api": _api}


def _params(params: dict[str, str], registry: dict[str, Any]) -> dict[str, str]:
    return {key: value.format(**registry) for key, value in params.items()}


@pytest.mark.parametrize("where", sorted(READERS))
def test_without_filters_the_leader_sees_every_enterprise(where, world, registry, login):
    assert READERS[where](login(world.leader), {}) == ALL


@pytest.mark.parametrize("where", sorted(READERS))
@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_keeps_what_it_names(name, where, world, registry, login):
    params, expected = FILTERS[name]
    assert expected != ALL  # every case narrows the list
    assert READERS[where](login(world.leader), _params(params, registry)) == expected


@pytest.mark.parametrize("name", list(PAGE_ONLY))
def test_page_only_filters(name, world, registry, login):
    params, expected = PAGE_ONLY[name]
    assert _page(login(world.leader), _params(params, registry)) == expected


def test_filters_apply_within_scope(world, registry, login):
    # A park officer filtering on a chain of another park's enterprise finds nothing.
    client = login(world.park_a_officer)
    assert _page(client, {}) == {JIA, BING, WU}
    assert _page(client, _params({"chain": "{solar}"}, registry)) == set()
    assert _api(client, {"scale": "above"}) == {BING}
