"""Factories for complaints. A complaint is stored through the services' own opening step,
so its reference, terms and first history row are always there; tests about later history
go through ``transition_complaint`` and ``extend_decision_term`` (see helpers.py)."""

import datetime

import factory

from wijkteam.complaints import services
from wijkteam.complaints.choices import ComplaintChannel
from wijkteam.complaints.models import Complaint, ComplaintCategory
from wijkteam.organisation.tests.factories import TeamFactory


class ComplaintCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"categorie-{n}")
    name = factory.Sequence(lambda n: f"Categorie {n}")
    sort_order = 500


class ComplaintFactory(factory.django.DjangoModelFactory):
    """``registered_by=None`` (the default) makes it a complaint from the public form."""

    class Meta:
        model = Complaint

    received_on = datetime.date(2026, 11, 2)
    channel = ComplaintChannel.WEB_FORM
    complainant_name = factory.Faker("name", locale="nl_NL")
    complainant_email = factory.Sequence(lambda n: f"klager{n}@example.nl")
    team = factory.SubFactory(TeamFactory)
    category = factory.SubFactory(ComplaintCategoryFactory)
    description = "Ik ben niet goed geholpen en niemand belt terug."

    @classmethod
    def _create(cls, model_class, *args, registered_by=None, **kwargs):
        complaint = model_class(*args, **kwargs)
        return services._open(complaint, registered_by)
