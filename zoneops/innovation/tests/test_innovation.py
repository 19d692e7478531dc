import datetime as dt
import json

from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.enterprises.models import Tag
from zoneops.innovation import queries, services
from zoneops.innovation.models import Recognition, Talent

TODAY = dt.date(2026, 5, 20)
ID = "11010519491231002X"


def _title(enterprise, kind="high_tech", issued=dt.date(2024, 6, 20), **extra):
    return services.recognition_save(
        actor=None,
        data={
            "enterprise": enterprise,
            "kind": kind,
            "level": "national",
            "issued_on": issued,
            "certificate_number": "GR202463000123",
            **extra,
        },
        today=TODAY,
        check=False,
    )


def test_high_tech_is_valid_three_years_and_tech_sme_its_year(world):
    high = _title(world.enterprise_x)
    assert high.valid_until == dt.date(2027, 6, 19)
    sme = _title(world.enterprise_x, kind="tech_sme", issued=dt.date(2026, 4, 1), level="province")
    assert sme.valid_until == dt.date(2026, 12, 31)


def test_title_tags_are_derived_from_the_records(world):
    _title(world.enterprise_x, kind="little_giant")
    assert "little_giant" in set(world.enterprise_x.tags.values_list("code", flat=True))
    assert "srdi_province" not in set(world.enterprise_x.tags.values_list("code", flat=True))
    # Past its validity the job marks it 到期 and the tag goes.
    run = services.renewals_run(today=dt.date(2027, 7, 1))
    assert run["expired"] == 1
    assert Recognition.objects.get().status == "expired"
    assert "little_giant" not in set(world.enterprise_x.tags.values_list("code", flat=True))


def test_recognition_expiring_in_30_days_reminds_enterprise_and_its_officer(world):
    from zoneops.support import public as support

    officer = world.park_a_officer
    world.enterprise_x.service_officer = officer
    world.enterprise_x.save()
    title = _title(world.enterprise_x)  # valid until 2027-06-19
    assert services.renewals_run(today=dt.date(2027, 1, 1))["reminded"] == 0
    day = title.valid_until - dt.timedelta(days=30)
    assert services.renewals_run(today=day)["reminded"] == 2
    people = (world.ent_x_user, officer, world.ent_y_user, world.park_b_officer)
    received = {user: list(support.notices_for(user=user)) for user in people}
    assert [len(received[user]) for user in people] == [1, 1, 0, 0]
    message = received[world.ent_x_user][0].message
    assert "30天后" in message and "高新技术企业" in message
    # Once per stage: the next day adds nothing.
    assert services.renewals_run(today=day + dt.timedelta(days=1))["reminded"] == 0


def test_statistics_by_level_park_and_per_100_above_scale(world):
    world.enterprise_x.is_above_scale = True
    world.enterprise_x.save()
    _title(
        world.enterprise_x,
        kind="enterprise_centre",
        level="province",
        name="甲锂业省级企业技术中心",
    )
    _title(world.enterprise_x, kind="high_tech", issued=dt.date(2023, 12, 1))  # due 2026-11-30
    stats = queries.statistics(user=world.admin, today=TODAY)
    assert stats.platforms == 1
    assert stats.above_scale == 1
    assert stats.platforms_per_100 == 100
    assert [r.kind for r in stats.due_this_year] == ["high_tech"]
    assert dict(stats.by_kind)["企业技术中心"] == {"province": 1}
    assert stats.by_park == [("东川工业园", 1, 1)]


def test_outsiders_get_404_and_enterprise_sees_its_own(world, login):
    mine = _title(world.enterprise_x)
    assert login(world.park_b_officer).get(f"/innovation/{mine.pk}/edit/").status_code == 404
    assert (
        login(world.park_b_officer)
        .get(f"/innovation/enterprise/{world.enterprise_x.pk}/")
        .status_code
        == 404
    )
    assert login(world.ent_y_user).get(f"/api/innovation/recognitions/{mine.pk}").status_code == 404
    own = login(world.ent_x_user).get(f"/innovation/enterprise/{world.enterprise_x.pk}/")
    assert own.status_code == 200 and "GR202463000123" in own.content.decode()
    assert login(world.ent_x_user).get(f"/innovation/{mine.pk}/edit/").status_code == 403
    before = ChangeRecord.objects.count()
    patch = login(world.park_b_officer).patch(
        f"/api/innovation/recognitions/{mine.pk}",
        json.dumps({"status": "revoked"}),
        content_type="application/json",
    )
    assert patch.status_code == 404
    assert ChangeRecord.objects.count() == before


def test_api_bounds_refuse_and_store_nothing(world, login):
    client = login(world.admin)
    body = {
        "enterprise_id": world.enterprise_x.pk,
        "kind": "key_lab",
        "level": "province",
        "name": "省重点实验室",
        "issued_on": "2024-01-01",
    }
    for bad in ({"review_years": 1e300}, {"review_years": 0}, {"issued_on": "2199-01-01"}):
        response = client.post(
            "/api/innovation/recognitions", json.dumps(body | bad), content_type="application/json"
        )
        assert response.status_code == 422, bad
    assert Recognition.objects.count() == 0
    ok = client.post(
        "/api/innovation/recognitions",
        json.dumps(body | {"review_years": 2}),
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content


def test_a_persons_id_is_shown_only_to_those_who_keep_talents(world, login):
    service = DepartmentFactory(code="service", name="企业服务中心")
    keeper = UserFactory(username="t-talents", role=Role.DEPARTMENT_OFFICER, department=service)
    talent = services.talent_save(
        actor=keeper,
        data={
            "name": "张三",
            "id_number": ID,
            "enterprise": world.enterprise_x,
            "programme": "昆仑英才·高端创新人才千人计划",
            "tier": "领军人才",
            "year": 2024,
        },
    )
    assert login(keeper).get("/api/innovation/talents").json()["items"][0]["id_number"] == ID
    for reader in (world.leader, world.park_a_officer, world.ent_x_user):
        listed = login(reader).get("/api/innovation/talents").json()["items"]
        assert listed[0]["id_number"] == "11**************2X", reader
        page = login(reader).get("/innovation/talents/").content.decode()
        assert ID not in page
    # Not in the history either, which more people read.
    assert ID not in json.dumps(list(ChangeRecord.objects.values("before", "after")))
    assert Talent.objects.get(pk=talent.pk).id_number == ID


def test_talent_id_is_checked(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.talent_save(
            actor=None,
            data={
                "name": "李四",
                "id_number": "110105194912310021",
                "enterprise": world.enterprise_x,
                "programme": "x",
                "year": 2024,
            },
            check=False,
        )
    assert Tag.objects.filter(code="high_tech").exists()
