"""What each side of an appeal is shown and may do (issue 12, item 16): a real telephone
number, photos and documents attached and served only in scope, each actor named with their
own unit, the zone's supervision kept from the enterprise, and only the steps the state allows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zoneops.appeals import services
from zoneops.appeals.models import Appeal, AppealEvent, Attachment, RoutingRule, Status, Topic
from zoneops.appeals.tests.factories import make_appeal, window_department
from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desk(world):
    window = window_department()
    economy = world.econ.department
    RoutingRule.objects.create(topic=Topic.POLICY, department=economy)
    clerk = UserFactory(
        username="t-window", full_name="窗口王", role=Role.DEPARTMENT_OFFICER, department=window
    )
    appeal = make_appeal(world.enterprise_x, topic=Topic.POLICY, title="政策兑现进度")
    return {"window": window, "economy": economy, "clerk": clerk, "appeal": appeal}


def _photo(name: str = "现场.jpg", body: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="image/jpeg")


# 联系电话


@pytest.mark.parametrize("phone", ["abc", "12345", "0971-123", "1380971123", "电话：待定"])
def test_contact_phone_must_be_a_chinese_phone_number(world, login, phone):
    response = login(world.ent_x_user).post(
        reverse("appeals:create"),
        {
            "category": "help",
            "topic": "policy",
            "urgency": "normal",
            "title": "用电报装",
            "content": "请协调",
            "contact_phone": phone,
        },
    )
    assert response.status_code == 200
    assert "请填写有效的电话号码" in response.content.decode()
    assert not Appeal.objects.exists()
    # The service refuses it too (the API and every other caller go through it).
    with pytest.raises(ValidationError) as caught:
        services.appeal_create(
            None,
            enterprise=world.enterprise_x,
            channel="phone",
            category="help",
            urgency="normal",
            title="t",
            content="c",
            contact_phone=phone,
            check=False,
        )
    assert "contact_phone" in caught.value.message_dict


@pytest.mark.parametrize(
    "phone", ["13897112345", "138 9711 2345", "+86 138-9711-2345", "0971-8123456", "010-62345678"]
)
def test_mobile_and_landline_with_area_code_are_accepted(world, login, phone):
    response = login(world.ent_x_user).post(
        reverse("appeals:create"),
        {
            "category": "help",
            "topic": "policy",
            "urgency": "normal",
            "title": "用电报装",
            "content": "请协调",
            "contact_phone": phone,
        },
    )
    assert response.status_code == 302
    assert Appeal.objects.get().contact_phone == phone


def test_api_refuses_a_phone_that_is_not_one(world, login):
    response = login(world.ent_x_user).post(
        "/api/appeals",
        {"category": "help", "title": "t", "content": "c", "contact_phone": "abc"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Appeal.objects.exists()


# Attachments


def test_enterprise_files_an_appeal_with_photos_and_only_its_readers_get_them(world, desk, login):
    client = login(world.ent_x_user)
    response = client.post(
        reverse("appeals:create"),
        {
            "category": "help",
            "topic": "policy",
            "urgency": "normal",
            "title": "厂区道路破损",
            "content": "见照片",
            "contact_phone": "13897112345",
            "attachments": [_photo("路面.jpg"), SimpleUploadedFile("报告.pdf", PDF)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appeal = Appeal.objects.get(title="厂区道路破损")
    files = list(appeal.attachments.order_by("pk"))
    assert [(f.name, f.content_type) for f in files] == [
        ("路面.jpg", "image/jpeg"),
        ("报告.pdf", "application/pdf"),
    ]
    # Stored under MEDIA_ROOT with a name the uploader did not choose.
    assert files[0].file.name.startswith(f"appeals/{appeal.pk}/")
    assert "路面" not in files[0].file.name
    url = reverse("appeals:attachment", args=[appeal.pk, files[0].pk])
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert url in page
    got = client.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == JPEG
    assert got["Content-Type"] == "image/jpeg"
    document = client.get(reverse("appeals:attachment", args=[appeal.pk, files[1].pk]))
    assert document["Content-Disposition"].startswith("attachment")
    # The economy office handles policy appeals and sees it; another enterprise and a park
    # officer of another park get 404, as for the appeal itself.
    assert login(world.econ).get(url).status_code == 200
    assert login(world.ent_y_user).get(url).status_code == 404
    assert login(world.park_b_officer).get(url).status_code == 404
    # An attachment reached through another appeal's address is not found either.
    other = make_appeal(world.enterprise_y, topic=Topic.POLICY)
    wrong = reverse("appeals:attachment", args=[other.pk, files[0].pk])
    assert login(world.leader).get(wrong).status_code == 404
    assert ChangeRecord.objects.filter(model="appeals.attachment").count() == 2


def test_a_file_that_is_not_a_photo_or_document_is_refused_and_nothing_is_written(
    world, desk, login
):
    client = login(world.ent_x_user)
    response = client.post(
        reverse("appeals:create"),
        {
            "category": "help",
            "topic": "policy",
            "urgency": "normal",
            "title": "厂区道路破损",
            "content": "见照片",
            "attachments": [SimpleUploadedFile("照片.jpg", b"<script>alert(1)</script>")],
        },
    )
    assert response.status_code == 200
    assert "“照片.jpg”不是可接受的文件" in response.content.decode()
    assert not Appeal.objects.filter(title="厂区道路破损").exists()
    assert not Attachment.objects.exists()


def test_attachments_are_limited_in_size_and_number(world, desk, login, settings):
    from zoneops.core import uploads as attachments

    appeal = desk["appeal"]
    big = _photo("大图.jpg", JPEG + b"\x00" * attachments.MAX_BYTES)
    with pytest.raises(ValidationError, match="超过 10 MB"):
        services.attachment_add(None, appeal=appeal, uploads=[big], check=False)
    many = [_photo(f"{n}.jpg") for n in range(attachments.MAX_PER_OBJECT + 1)]
    with pytest.raises(ValidationError, match="最多 9 个附件"):
        services.attachment_add(None, appeal=appeal, uploads=many, check=False)
    assert not appeal.attachments.exists()


def test_enterprise_adds_a_photo_to_its_open_appeal_from_the_detail_page(world, desk, login):
    appeal = desk["appeal"]
    client = login(world.ent_x_user)
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    # Phone-friendly: the camera opens straight away, the other field takes files and photos.
    assert 'capture="environment"' in page and 'enctype="multipart/form-data"' in page
    response = client.post(
        reverse("appeals:attachment_add", args=[appeal.pk]), {"attachments": [_photo()]}
    )
    assert response.status_code == 302
    assert appeal.attachments.get().uploaded_by == world.ent_x_user
    # Another enterprise cannot add to it (404: it cannot see it).
    response = login(world.ent_y_user).post(
        reverse("appeals:attachment_add", args=[appeal.pk]), {"attachments": [_photo()]}
    )
    assert response.status_code == 404 and appeal.attachments.count() == 1


# The timeline


def _work_to_reply(desk, world):
    appeal = desk["appeal"]
    services.appeal_act(desk["clerk"], appeal=appeal, action="dispatch")
    services.appeal_act(world.econ, appeal=appeal, action="handle")
    services.appeal_act(world.econ, appeal=appeal, action="reply", note="已兑现")
    return appeal


def test_timeline_names_each_actors_own_unit(world, desk, login):
    appeal = _work_to_reply(desk, world)
    page = login(world.leader).get(reverse("appeals:detail", args=[appeal.pk]))
    steps = {e.action: e for e in page.context["events"]}
    html = page.content.decode()
    assert steps["dispatch"].actor_unit == "企业服务中心"
    assert steps["reply"].actor_unit == "经济发展局"
    # The window's clerk is named with the window, and the appeal's department is where it
    # was sent, not the clerk's unit.
    assert "窗口王（企业服务中心）</span> → 经济发展局" in html
    assert "窗口王（经济发展局）" not in html


def test_enterprise_does_not_see_the_zones_internal_supervision(world, desk, login):
    appeal = desk["appeal"]
    services.appeal_act(desk["clerk"], appeal=appeal, action="dispatch")
    services.extension_request(world.econ, appeal=appeal, days=2, reason="需会商")
    Appeal.objects.filter(pk=appeal.pk).update(due_date=appeal.received_on)
    appeal.refresh_from_db()
    services.deadline_check(appeal, today=appeal.received_on)
    assert appeal.events.filter(action__in=["remind", "extend_request"]).count() == 2

    ent = login(world.ent_x_user)
    page = ent.get(reverse("appeals:detail", args=[appeal.pk]))
    html = page.content.decode()
    actions = {e.action for e in page.context["events"]}
    assert actions == {"accept", "dispatch"}
    assert "到期提醒" not in html and "督办" not in html and "延期申请" not in html
    api = ent.get(f"/api/appeals/{appeal.pk}/events").json()
    assert {e["action"] for e in api} == {"accept", "dispatch"}
    assert ent.get(f"/api/appeals/{appeal.pk}").json()["escalation"] == 0
    # Nor can it filter by supervision: the filter is ignored for it.
    Appeal.objects.filter(pk=appeal.pk).update(escalation=3)
    assert ent.get(reverse("appeals:list") + "?escalated=1").context["page"].paginator.count == 1
    other = make_appeal(world.enterprise_x, topic=Topic.POLICY, title="未督办的诉求")
    listed = ent.get(reverse("appeals:list") + "?escalated=1").context["page"]
    assert other in listed.object_list
    # Staff still follow the whole flow.
    staff = {e["action"] for e in login(world.econ).get(f"/api/appeals/{appeal.pk}/events").json()}
    assert {"remind", "extend_request"} <= staff


def test_after_the_reply_the_department_is_not_offered_an_extension(world, desk, login):
    appeal = _work_to_reply(desk, world)
    assert appeal.status == Status.REPLIED
    page = login(world.econ).get(reverse("appeals:detail", args=[appeal.pk]))
    assert page.context["can_extend"] is False
    assert "申请延期" not in page.content.decode()
    with pytest.raises(ValidationError, match="不能申请延期"):
        services.extension_request(world.econ, appeal=appeal, days=2, reason="再等等")
    assert not appeal.extensions.exists()
    assert not appeal.events.filter(action=AppealEvent.Action.EXTEND_REQUEST).exists()


def test_while_handling_the_department_is_offered_an_extension_once(world, desk, login):
    appeal = desk["appeal"]
    services.appeal_act(desk["clerk"], appeal=appeal, action="dispatch")
    client = login(world.econ)
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).context["can_extend"]
    services.extension_request(world.econ, appeal=appeal, days=2, reason="需会商")
    # One request at a time: while it waits, the form is not offered again.
    assert not client.get(reverse("appeals:detail", args=[appeal.pk])).context["can_extend"]


def test_upload_bytes_helper_is_a_real_jpeg():
    # The fixture the tests send must pass the same sniffing an upload does.
    from zoneops.core.uploads import check_upload

    assert check_upload(_photo()) == "image/jpeg"
    assert check_upload(SimpleUploadedFile("a.pdf", PDF)) == "application/pdf"
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.pdf", JPEG))
