"""The rules table classifies every field: a new field forces a decision about retention."""

from django.apps import apps
from django.db import models

import pytest

from wijkteam.privacy.retention_rules import CASE_RULES, FILE_RULES

RULES = [pytest.param(rule, id=rule.model) for rule in (*CASE_RULES, *FILE_RULES)]


def _model(rule):
    return apps.get_model(rule.model)


@pytest.mark.parametrize("rule", RULES)
def test_every_field_is_blanked_nulled_set_or_kept_on_purpose(rule):
    model = _model(rule)
    if rule.delete:
        return  # the rows go as a whole
    fields = {f.name for f in (*model._meta.concrete_fields, *model._meta.many_to_many)}
    classified = set(rule.blank) | set(rule.null) | set(rule.values) | set(rule.if_null)
    classified |= set(rule.keep)
    assert fields - classified == set(), f"{rule.model}: decide for {fields - classified}"
    assert classified - fields == set(), f"{rule.model}: no such field {classified - fields}"


@pytest.mark.parametrize("rule", RULES)
def test_blanked_fields_are_text_and_nulled_fields_nullable(rule):
    model = _model(rule)
    for name in rule.blank:
        field = model._meta.get_field(name)
        assert isinstance(field, models.CharField | models.TextField), (rule.model, name)
    for name in rule.null:
        assert model._meta.get_field(name).null, (rule.model, name)


@pytest.mark.parametrize("rule", RULES)
def test_the_path_leads_to_the_case_or_the_resident(rule):
    model = _model(rule)
    if rule.path == "pk":
        return
    target = "support.SupportCase" if rule in CASE_RULES else "residents.Resident"
    current = model
    for hop in rule.path.split("__"):
        current = current._meta.get_field(hop).related_model
    assert current._meta.label == target
