"""Factories of the AVG-rights models (retention: retention_factories.py)."""

import datetime
import hashlib

from django.utils import timezone

import factory

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.privacy.models import InzageRequest, ProcessingRestriction, RectificationRequest
from wijkteam.privacy.rectification import respond_by
from wijkteam.residents.tests.factories import ResidentFactory


class RectificationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RectificationRequest

    resident = factory.SubFactory(ResidentFactory)
    what_is_wrong = "Mijn huisnummer klopt niet."
    requested_correction = "Het moet 12a zijn."
    requested_on = datetime.date(2026, 10, 1)
    respond_by = factory.LazyAttribute(lambda o: respond_by(o.requested_on))
    recorded_by = factory.SubFactory(UserFactory)


class ProcessingRestrictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingRestriction

    resident = factory.SubFactory(ResidentFactory)
    reason = "De inwoner betwist de juistheid van de gegevens."
    started_by = factory.SubFactory(UserFactory)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class InzageRequestFactory(factory.django.DjangoModelFactory):
    """An inzage record with small stand-in files (the real ones come from the service)."""

    class Meta:
        model = InzageRequest

    resident = factory.SubFactory(ResidentFactory)
    resident_number = factory.SelfAttribute("resident.pk")
    team = factory.SelfAttribute("resident.team")
    produced_by = factory.SubFactory(UserFactory)
    produced_at = factory.LazyFunction(timezone.now)
    available_until = factory.LazyAttribute(lambda o: o.produced_at + datetime.timedelta(hours=72))
    pdf = b"%PDF-1.7 stand-in"
    pdf_sha256 = factory.LazyAttribute(lambda o: _digest(o.pdf))
    pdf_size = factory.LazyAttribute(lambda o: len(o.pdf))
    json = b"{}"
    json_sha256 = factory.LazyAttribute(lambda o: _digest(o.json))
    json_size = factory.LazyAttribute(lambda o: len(o.json))
