"""Life domains and age bands: master data with a validity period, seeded idempotently."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

import pytest

from wijkteam.plans.forms import GoalForm
from wijkteam.plans.models import AgeBand, Goal, LifeDomain
from wijkteam.plans.reference_data import (
    AGE_BANDS,
    CONFIRMED_CODES,
    LIFE_DOMAINS,
    seed_age_bands,
    seed_life_domains,
)
from wijkteam.plans.tests.factories import LifeDomainFactory

pytestmark = pytest.mark.django_db


def test_the_four_domains_named_in_the_seeds_are_confirmed_the_rest_provisional(db):
    seed_life_domains()
    confirmed = set(LifeDomain.objects.filter(is_provisional=False).values_list("name", flat=True))
    assert confirmed == {
        "Geld",
        "Geestelijke gezondheid",
        "Dagelijkse activiteiten en meedoen",
        "Huishouden",
    }
    assert len(CONFIRMED_CODES) == 4
    provisional = LifeDomain.objects.filter(is_provisional=True)
    assert provisional.count() == len(LIFE_DOMAINS) - 4
    assert all("te bevestigen door de klant" in d.description for d in provisional)
    assert provisional.filter(audience="youth").exists()


def test_seeding_twice_changes_nothing(db):
    first = seed_life_domains()
    bands = seed_age_bands()
    assert first["created"] == len(LIFE_DOMAINS) and bands["created"] == len(AGE_BANDS)
    assert seed_life_domains() == {"created": 0, "updated": 0, "unchanged": len(LIFE_DOMAINS)}
    assert seed_age_bands() == {"created": 0, "updated": 0, "unchanged": len(AGE_BANDS)}


def test_seeding_repairs_a_changed_name_but_keeps_an_ended_domain_ended(db):
    seed_life_domains()
    LifeDomain.objects.filter(code="geld").update(name="Financiën")
    LifeDomain.objects.filter(code="justitie").update(valid_to=datetime.date(2025, 1, 1))
    assert seed_life_domains()["updated"] == 1
    assert LifeDomain.objects.get(code="geld").name == "Geld"
    assert LifeDomain.objects.get(code="justitie").valid_to == datetime.date(2025, 1, 1)


def test_age_bands_include_the_two_printed_in_the_seeds(db):
    seed_age_bands()
    labels = list(AgeBand.objects.order_by("min_age").values_list("label", flat=True))
    assert labels == ["0-17", "18-27", "28-40", "41-65", "66+"]


def test_load_plan_reference_data_command_is_idempotent(db):
    out = StringIO()
    call_command("load_plan_reference_data", stdout=out)
    call_command("load_plan_reference_data", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_inactive_domain_is_not_offered_for_new_goals(world):
    ended = LifeDomainFactory(code="oud", name="Oud leefgebied", ended=True)
    form = GoalForm(instance=Goal(plan=world.plan_a))
    offered = set(form.fields["life_domain"].queryset)
    assert world.life_domain in offered
    assert ended not in offered


def test_old_goal_keeps_and_shows_its_ended_domain(client, world):
    LifeDomain.objects.filter(pk=world.life_domain.pk).update(valid_to=datetime.date(2026, 1, 1))
    goal = Goal.objects.get(pk=world.goal_a.pk)
    form = GoalForm(instance=goal)
    assert goal.life_domain in set(form.fields["life_domain"].queryset)
    client.force_login(world.worker)
    page = client.get(reverse("plans:plan-detail", args=[world.plan_a.pk])).content.decode()
    assert world.life_domain.name in page
    assert "niet meer in gebruik" in page
    # Editing the old goal without changing its domain is still allowed.
    response = client.post(
        reverse("plans:goal-update", args=[goal.pk]),
        {
            "version": goal.version,
            "life_domain": goal.life_domain_id,
            "title": "Nieuwe titel",
            "started_on": goal.started_on.isoformat(),
            "evaluation_due_on": goal.evaluation_due_on.isoformat(),
            "start_score": goal.start_score,
        },
    )
    assert response.status_code == 302
    assert Goal.objects.get(pk=goal.pk).title == "Nieuwe titel"


def test_beheer_adds_and_ends_a_life_domain(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("plans:life-domain-create"),
        {
            "code": "wonen",
            "name": "Wonen",
            "audience": "adult",
            "is_provisional": "on",
            "sort_order": 60,
            "valid_from": "2021-01-01",
        },
    )
    assert response.status_code == 302
    domain = LifeDomain.objects.get(code="wonen")
    response = client.post(
        reverse("plans:life-domain-update", args=[domain.pk]),
        {
            "version": domain.version,
            "code": "wonen",
            "name": "Wonen",
            "audience": "adult",
            "sort_order": 60,
            "valid_from": "2021-01-01",
            "valid_to": "2025-12-31",
        },
    )
    assert response.status_code == 302
    assert not LifeDomain.objects.active().filter(code="wonen").exists()


def test_beheer_adds_an_age_band(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("plans:age-band-create"),
        {"label": "41-65", "min_age": 41, "max_age": 65, "valid_from": "2021-01-01"},
    )
    assert response.status_code == 302
    assert AgeBand.objects.filter(label="41-65").exists()


def test_worker_cannot_change_master_data(client, world):
    client.force_login(world.worker)
    assert client.get(reverse("plans:life-domain-create")).status_code == 403
    assert client.get(reverse("plans:life-domain-list")).status_code == 200
