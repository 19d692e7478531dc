"""Photos on an inspection's results and on a rectification's evidence: checked by their
content (core.uploads), shown as lazy thumbnails on the inspection and hazard pages, served
only within scope (another park, another grid, another enterprise: 404)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zoneops.safety.models import Hazard, HazardStatus, Inspection, Photo, StepKind
from zoneops.safety.tests.test_hazards import _inspection_post

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _png(name: str = "通道.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _outsiders(safety: Any) -> tuple[Any, ...]:
    return (safety.world.park_b_officer, safety.member_b, safety.world.ent_y_user)


def test_an_inspection_items_photos_are_shown_and_served_within_scope(safety, login) -> None:
    x = safety.world.enterprise_x
    officer = login(safety.world.park_a_officer)
    item = safety.items[0]
    data = _inspection_post(safety, {1: "fail"}, **{f"n{item.pk}": "安全出口堆放货物"})
    data[f"p{item.pk}"] = [_png(), _png("通道2.png")]
    response = officer.post(reverse("safety:inspection_add", args=[x.pk]), data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    photos = list(Photo.objects.all())
    assert len(photos) == 2 and {p.result.item for p in photos} == {item}
    assert photos[0].name == "通道.png" and photos[0].content_type == "image/png"
    photo_url = reverse("safety:photo", args=[photos[0].pk])

    inspection = Inspection.objects.get()
    page = officer.get(reverse("safety:inspection", args=[inspection.pk])).content.decode()
    assert f'src="{photo_url}"' in page and 'loading="lazy"' in page
    hazard = Hazard.objects.get()
    page = officer.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert f'src="{photo_url}"' in page  # the finding's photo on the hazard's page

    served = officer.get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG
    assert login(safety.member_a).get(photo_url).status_code == 200  # the grid's member
    for outsider in _outsiders(safety):
        assert login(outsider).get(photo_url).status_code == 404


def test_a_document_is_refused_as_an_inspection_photo_and_nothing_is_written(safety, login) -> None:
    x = safety.world.enterprise_x
    officer = login(safety.world.park_a_officer)
    item = safety.items[1]
    data = _inspection_post(safety, {})
    data[f"p{item.pk}"] = [
        SimpleUploadedFile("检查.pdf", b"%PDF-1.4 a report", content_type="application/pdf")
    ]
    response = officer.post(reverse("safety:inspection_add", args=[x.pk]), data)
    assert response.status_code == 200
    assert "“检查.pdf”不是照片" in response.content.decode()
    assert not Inspection.objects.exists() and not Photo.objects.exists()


def test_the_rectification_evidence_carries_photos(safety, login) -> None:
    x = safety.world.enterprise_x
    hazard = safety.hazard(x)
    assert hazard.status == HazardStatus.ORDERED  # ordered on the spot by the bureau
    owner = login(safety.world.ent_x_user)
    act = reverse("safety:hazard_act", args=[hazard.pk])
    # A text file named like a photo is refused by its content; the hazard does not move.
    fake = SimpleUploadedFile("整改.jpg", b"not a photo at all", content_type="image/jpeg")
    owner.post(act, {"action": "rectified", "note": "已清理通道", "photos": [fake]})
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ORDERED and not Photo.objects.exists()

    response = owner.post(act, {"action": "rectified", "note": "已清理通道", "photos": [_png()]})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.AWAITING
    photo = Photo.objects.get()
    assert photo.step is not None and photo.step.kind == StepKind.RECTIFIED
    photo_url = reverse("safety:photo", args=[photo.pk])
    page = owner.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert f'src="{photo_url}"' in page and 'loading="lazy"' in page
    assert login(safety.world.park_a_officer).get(photo_url).status_code == 200
    for outsider in _outsiders(safety):
        assert login(outsider).get(photo_url).status_code == 404
