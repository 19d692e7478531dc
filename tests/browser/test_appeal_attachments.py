"""An enterprise sends a photo with its appeal from a phone, and adds another from the appeal's
page with the camera button; the photo shows on the page (served through the appeal's scope)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot
from tests.browser.test_appeals import PHONE, _no_wider_than_the_screen, desk  # noqa: F401
from tests.browser.test_roles import sign_in
from zoneops.appeals.models import Appeal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A 1×1 PNG: a real image the browser can draw.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201e2f5d2a30000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_enterprise_sends_photos_from_its_phone(world, desk, page_for):  # noqa: F811
    phone = page_for(**PHONE)
    sign_in(phone, world.ent_x_user.username)
    phone.goto("/appeals/new/")
    phone.select_option("#id_category", "help")
    phone.select_option("#id_topic", "land")
    phone.fill("#id_title", "厂区道路破损")
    phone.fill("#id_content", "见照片。")
    phone.fill("#id_contact_phone", "abc")
    with phone.expect_navigation():
        phone.click("#appeal-form button[type=submit]")
    assert "请填写有效的电话号码" in phone.inner_text("#appeal-form")
    phone.fill("#id_contact_phone", "0971-8123456")
    phone.set_input_files(
        "#id_attachments", [{"name": "路面.png", "mimeType": "image/png", "buffer": PNG}]
    )
    with phone.expect_navigation():
        phone.click("#appeal-form button[type=submit]")
    appeal = Appeal.objects.get(title="厂区道路破损")
    assert appeal.attachments.count() == 1
    # The camera button of the page: an image input that opens the back camera on a phone.
    camera = phone.locator("#attachment-form input[capture=environment]")
    assert camera.get_attribute("accept") == "image/*"
    camera.set_input_files([{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}])
    with phone.expect_navigation():
        phone.click("#attachment-form button[type=submit]")
    assert appeal.attachments.count() == 2
    thumbs = phone.locator("#appeal-attachments img.zo-thumb")
    assert thumbs.count() == 2
    # Each thumbnail loads once scrolled to (they are loading="lazy", so a phone's short screen
    # may not have fetched them yet): the scoped view served an image the browser could decode.
    thumbs.last.scroll_into_view_if_needed()
    phone.wait_for_function(
        "[...document.querySelectorAll('#appeal-attachments img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=20_000,
    )
    _no_wider_than_the_screen(phone)
    shot(phone, "appeals-phone-photos")
