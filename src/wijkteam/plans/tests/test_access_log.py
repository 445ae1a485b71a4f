"""Every page and API response that shows a resident's plan writes the access log."""

from django.urls import reverse

import pytest

from wijkteam.core.models import AccessChannel, AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("plans:plan-detail", "plan_a"),
        ("plans:plan-update", "plan_a"),
        ("plans:goal-create", "plan_a"),
        ("plans:goal-update", "goal_a"),
        ("plans:goal-evaluate", "goal_a"),
        ("plans:action-create", "goal_a"),
    ],
)
def test_plan_pages_log_the_resident_whose_plan_is_shown(client, world, name, attr):
    client.force_login(world.worker)
    response = client.get(reverse(name, args=[getattr(world, attr).pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.resident_id, entry.action) == (
        world.worker,
        world.resident_a.pk,
        "view",
    )
    assert entry.channel == AccessChannel.UI


def test_plan_create_form_logs_the_resident_of_the_case(client, world):
    from wijkteam.support.tests.factories import SupportCaseFactory

    case = SupportCaseFactory(resident=world.resident_a)
    client.force_login(world.worker)
    response = client.get(reverse("plans:plan-create") + f"?case={case.pk}")
    assert response.status_code == 200
    assert list(AccessLogEntry.objects.values_list("resident_id", flat=True)) == [
        world.resident_a.pk
    ]


def test_out_of_scope_request_writes_no_access_log(client, world):
    from wijkteam.plans.tests.factories import SupportPlanFactory

    other = SupportPlanFactory(case=world.case_b)
    client.force_login(world.worker)
    assert client.get(reverse("plans:plan-detail", args=[other.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("name", ["plan-list", "goal-list"])
def test_api_lists_log_every_resident_returned(client, world, name):
    client.force_login(world.worker)
    assert client.get(reverse(name)).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.resident_id, entry.action, entry.channel) == (
        world.resident_a.pk,
        "list",
        AccessChannel.API,
    )


@pytest.mark.parametrize(("name", "attr"), [("plan-detail", "plan_a"), ("goal-detail", "goal_a")])
def test_api_details_log_the_resident(client, world, name, attr):
    client.force_login(world.worker)
    assert client.get(reverse(name, args=[getattr(world, attr).pk])).status_code == 200
    assert AccessLogEntry.objects.get().resident_id == world.resident_a.pk


def test_progress_report_and_master_data_pages_log_nobody(client, world):
    client.force_login(world.manager)
    for name in ["plans:progress-report", "plans:life-domain-list", "plans:age-band-list"]:
        assert client.get(reverse(name)).status_code == 200
    assert not AccessLogEntry.objects.exists()
