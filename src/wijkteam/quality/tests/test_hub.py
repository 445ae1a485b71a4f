"""The quality hub lists exactly the registers a role may open, and the menu points to it."""

from django.urls import reverse

import pytest

from wijkteam.quality.hub import ENTRIES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role",
    [
        "sociaal_werker",
        "teammanager",
        "kwaliteitsmedewerker",
        "gemeente",
        "functioneel_beheerder",
        "bestuurder",
    ],
)
def test_hub_lists_each_register_the_role_holds_and_no_other(client, world, role):
    user = world.users[role]
    client.force_login(user)
    response = client.get(reverse("quality:home"))
    assert response.status_code == 200
    page = response.content.decode()
    for entry in ENTRIES:
        link = f'href="{reverse(entry.url_name)}"'
        assert (link in page) is user.has_perm(entry.permission), (role, entry.url_name)


def test_menu_shows_quality_and_safety_once_and_marks_it_current_on_a_register(client, world):
    client.force_login(world.manager)
    response = client.get(reverse("incidents:incident-list"))
    items = [i for i in response.context["nav_items"] if i["url"] == reverse("quality:home")]
    assert len(items) == 1
    assert items[0]["active"]


def test_hub_page_runs_no_query_beyond_session_and_permissions(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.quality)
    client.get(reverse("quality:home"))  # warm the permission cache of this session's user
    with django_assert_max_num_queries(8):
        assert client.get(reverse("quality:home")).status_code == 200
