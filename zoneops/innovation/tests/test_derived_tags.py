"""The registry's title tags come from the recognitions: the registry's form neither offers them
nor drops them."""

import pytest

from zoneops.core import house
from zoneops.enterprises.forms import EnterpriseForm
from zoneops.enterprises.models import Tag
from zoneops.innovation.models import TAGS

pytestmark = pytest.mark.django_db


def _tags() -> dict[str, Tag]:
    """The registry's shipped tags: two titles, and one the registry keeps itself."""
    other = Tag.objects.exclude(code__in=TAGS.values()).first()
    assert other is not None
    titles = {tag.code: tag for tag in Tag.objects.filter(code__in=("high_tech", "little_giant"))}
    return {**titles, "other": other}


def test_innovation_declares_exactly_the_tags_it_keeps():
    assert set(house.derived_tags()) == set(TAGS.values())
    assert set(house.derived_tags().values()) == {"innovation"}


def test_the_registry_form_keeps_title_tags_and_takes_the_others(world, login):
    tags = _tags()
    enterprise = world.enterprise_x
    enterprise.tags.set([tags["high_tech"]])
    form = EnterpriseForm(instance=enterprise, actor=world.econ, derived_read_only=True)
    offered = set(form.fields["tags"].queryset.values_list("code", flat=True))
    assert tags["other"].code in offered and not offered & set(TAGS.values())
    assert "高新技术企业" in str(form.fields["tags"].help_text)

    client = login(world.econ)
    page = client.get(f"/enterprises/{enterprise.pk}/edit/").content.decode()
    assert f'name="tags" value="{tags["high_tech"].pk}"' not in page
    assert f'name="tags" value="{tags["other"].pk}"' in page
    data = {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "park": enterprise.park_id,
        "industry": enterprise.industry.code,
        "status": enterprise.status,
        # A hand-made post naming a title tag is refused, and changes nothing.
        "tags": [tags["other"].pk, tags["little_giant"].pk],
    }
    refused = client.post(f"/enterprises/{enterprise.pk}/edit/", data)
    assert refused.status_code == 200
    assert refused.context["form"].errors.keys() == {"tags"}
    assert set(enterprise.tags.values_list("code", flat=True)) == {"high_tech"}
    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/", {**data, "tags": [tags["other"].pk]}
    )
    assert response.status_code == 302, response.context["form"].errors
    kept = set(enterprise.tags.values_list("code", flat=True))
    assert kept == {"high_tech", tags["other"].code}
