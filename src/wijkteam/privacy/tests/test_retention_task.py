"""The retention run through django-q2 (sync), the command, and the daily schedule."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from wijkteam.privacy.models import RetentionOutcome, RetentionRun, RetentionTrigger
from wijkteam.privacy.tests.retention_factories import TODAY, expired_file
from wijkteam.residents.models import Resident

pytestmark = pytest.mark.django_db


def test_task_runs_through_django_q_in_sync_mode(world):
    from django_q.tasks import async_task, result

    dossier = expired_file(world)
    task_id = async_task("wijkteam.privacy.tasks.apply_retention_task", sync=True)
    outcome = result(task_id)
    run = RetentionRun.objects.get(pk=outcome["run"])
    assert run.trigger == RetentionTrigger.SCHEDULE and run.started_by is None
    assert outcome["counts"][RetentionOutcome.ERASE_FILE] == 1
    assert Resident.objects.get(pk=dossier.resident.pk).first_name == ""


def test_task_dry_run_through_django_q_changes_nothing(world):
    from django_q.tasks import async_task, result

    dossier = expired_file(world)
    task_id = async_task("wijkteam.privacy.tasks.apply_retention_task", True, sync=True)
    assert result(task_id)["dry_run"] is True
    assert Resident.objects.get(pk=dossier.resident.pk).first_name == "Grietje"


def test_the_daily_schedule_exists_after_migrate():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="apply_retention")
    assert schedule.func == "wijkteam.privacy.tasks.apply_retention_task"
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 24 * 60
    assert schedule.repeats == -1


def test_command_dry_run_prints_progress_and_summary_and_changes_nothing(world):
    dossier = expired_file(world)
    out = StringIO()
    call_command("apply_retention", "--dry-run", f"--today={TODAY}", stdout=out)
    text = out.getvalue()
    assert "Dry run" in text and "batch 1/1" in text
    assert "files erased:" in text and "would be changed" in text
    assert "support.contact" in text
    assert Resident.objects.get(pk=dossier.resident.pk).first_name == "Grietje"
    run = RetentionRun.objects.get()
    assert run.dry_run and run.trigger == RetentionTrigger.COMMAND


def test_command_applies_and_a_second_call_finds_nothing(world):
    dossier = expired_file(world)
    call_command("apply_retention", f"--today={TODAY}", "--batch-size=1", stdout=StringIO())
    assert Resident.objects.get(pk=dossier.resident.pk).first_name == ""
    out = StringIO()
    call_command("apply_retention", f"--today={TODAY}", stdout=out)
    assert "0 resident(s) to look at" in out.getvalue()
    second = RetentionRun.objects.order_by("-pk").first()
    assert second.erased_count == 0 and second.anonymised_count == 0


@pytest.mark.parametrize("args", [["--today=31-12-2026"], ["--batch-size=0"]])
def test_command_refuses_bad_arguments(db, args):
    with pytest.raises(CommandError):
        call_command("apply_retention", *args, stdout=StringIO())
    assert not RetentionRun.objects.exists()
