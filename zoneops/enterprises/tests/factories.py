from __future__ import annotations

import factory

from zoneops.core.tests.factories import ParkFactory
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.models import Chain, ChainNode, Enterprise, Industry, IndustryLevel


def industry(code: str = "3841") -> Industry:
    """A 小类 under its real 大类 (the 门类 and 大类 ship with the migrations)."""
    division = Industry.objects.get(code=code[:2])
    group, _ = Industry.objects.get_or_create(
        code=code[:3],
        defaults={"name": f"中类{code[:3]}", "level": IndustryLevel.GROUP, "parent": division},
    )
    leaf, _ = Industry.objects.get_or_create(
        code=code, defaults={"name": f"小类{code}", "level": IndustryLevel.CLASS, "parent": group}
    )
    return leaf


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.Sequence(lambda n: credit_code(90_000 + n))
    name = factory.Sequence(lambda n: f"青海测试企业{n}有限公司")
    park = factory.SubFactory(ParkFactory)
    industry = factory.LazyFunction(industry)
    is_above_scale = False


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试产业链{n}")
    leader_name = "张链长"


class ChainNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainNode

    chain = factory.SubFactory(ChainFactory)
    name = factory.Sequence(lambda n: f"环节{n}")
    segment = "midstream"
