"""Break-the-glass opens the resident's support cases for as long as the grant lasts."""

import datetime

from django.utils import timezone

import pytest

from wijkteam.oversight.choices import BreakGlassCategory
from wijkteam.oversight.services import break_glass
from wijkteam.support.models import SupportCase

pytestmark = pytest.mark.django_db

REASON = "Melding van acute onveiligheid door de politie, dossier nodig."


@pytest.fixture
def resident_b_with_bsn(world):
    world.resident_b.bsn = "111222333"
    world.resident_b.save()
    return world


def test_active_grant_opens_the_residents_cases_to_that_worker_only(resident_b_with_bsn):
    world = resident_b_with_bsn
    assert world.case_b not in SupportCase.objects.visible_for(world.worker)
    break_glass(
        actor=world.worker,
        term="111222333",
        category=BreakGlassCategory.ACUTE_SAFETY,
        reason=REASON,
    )
    assert world.case_b in SupportCase.objects.visible_for(world.worker)
    assert world.case_b not in SupportCase.objects.visible_for(world.manager)


def test_expired_grant_no_longer_opens_the_cases(resident_b_with_bsn, settings):
    world = resident_b_with_bsn
    started = timezone.now() - datetime.timedelta(hours=settings.BREAK_GLASS_HOURS, minutes=1)
    break_glass(
        actor=world.worker,
        term="111222333",
        category=BreakGlassCategory.ACUTE_SAFETY,
        reason=REASON,
        now=started,
    )
    assert world.case_b not in SupportCase.objects.visible_for(world.worker)
