from __future__ import annotations

import factory

from zoneops.core.models import Bank, Department, Park, Role, User, Zone


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("name",)

    name = "西宁经济技术开发区"
    short_name = "西宁经开区"
    division_code = "630100"


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park
        django_get_or_create = ("name",)

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"测试园区{n}")
    division_code = factory.Sequence(lambda n: f"6301{n:05d}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    zone = factory.SubFactory(ZoneFactory)
    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"部门{n}")


class BankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bank
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试银行{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.DEPARTMENT_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "zoneops-test-pw")

    @factory.post_generation
    def parks(self, create: bool, extracted: list[Park] | None, **kwargs: object) -> None:
        if create and extracted:
            self.parks.set(extracted)
        if create:
            self.save()
