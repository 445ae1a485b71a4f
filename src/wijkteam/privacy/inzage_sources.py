"""Inzage sections for the apps that existed before the registry: residents, support, plans.

Used by :func:`wijkteam.privacy.inzage.providers` for an app that has no ``inzage.py`` of
its own (move a function there to hand it over to its app). Each function runs a fixed
number of queries: every query filters on the resident through joins.

Everything recorded about the resident is included, whichever team holds it: the inzage
answers for the organisation as controller, not for the producer's scope. Data of other
people is left out where the model separates it (the other members of a household are not
listed, art. 15(4) AVG); free text written by staff is included as written, and the
producer reads the document before handing it over.
"""

from django.utils.translation import gettext as _

from wijkteam.privacy.inzage import Field, Section, StaffRef, make_field, model_item, text_of


def residents_sections(resident) -> list[Section]:
    from wijkteam.residents.models import Consent, HouseholdMember, ResidentShare

    memberships = list(
        HouseholdMember.objects.filter(resident=resident)
        .select_related("household", "household__team")
        .order_by("id")
    )
    consents = list(Consent.objects.filter(resident=resident).order_by("given_on", "id"))
    shares = list(ResidentShare.objects.filter(resident=resident).order_by("granted_at", "id"))
    household_items = []
    for m in memberships:
        household = m.household
        item = model_item(
            m,
            title=household.name,
            exclude=("household", "resident"),
            extra=[
                make_field("household", _("Household"), household.name),
                make_field("household_team", _("Team"), household.team.name),
            ],
        )
        # The coordinator (regisseur) is the resident's contact person: named.
        item.fields.append(
            Field(
                "coordinator",
                _("Coordinator (regisseur)"),
                StaffRef(household.coordinator_id, None, named=True),
            )
        )
        household_items.append(item)
    return [
        Section(
            key="resident",
            title=_("Your personal data"),
            items=[model_item(resident, title=resident.full_name)],
        ),
        Section(key="households", title=_("Household"), items=household_items),
        Section(
            key="consents",
            title=_("Consents"),
            items=[
                model_item(c, title=f"{c.get_purpose_display()} ({text_of(c.given_on)})")
                for c in consents
            ],
        ),
        Section(
            key="shares",
            title=_("Your file shared with a colleague outside the team"),
            items=[
                model_item(s, title=_("Shared until %(date)s") % {"date": text_of(s.valid_until)})
                for s in shares
            ],
        ),
    ]


def support_sections(resident) -> list[Section]:
    from wijkteam.support.models import (
        CaseDeadline,
        CaseTransition,
        Contact,
        Conversation,
        Referral,
        SupportCase,
    )

    cases = list(
        SupportCase.objects.filter(resident=resident)
        .select_related("team", "household", "location")
        .order_by("received_on", "id")
    )

    def case_title(row):
        return _("Support request of %(date)s") % {"date": text_of(row.case.received_on)}

    def related(model, order):
        return list(
            model.objects.filter(case__resident=resident).select_related("case").order_by(*order)
        )

    return [
        Section(
            key="support_cases",
            title=_("Support requests"),
            items=[
                model_item(
                    c,
                    title=_("Support request of %(date)s") % {"date": text_of(c.received_on)},
                    exclude=("resident",),
                    named_staff=("coordinator",),
                )
                for c in cases
            ],
        ),
        Section(
            key="case_transitions",
            title=_("Steps in your support requests"),
            items=[
                model_item(t, title=case_title(t), exclude=("case",))
                for t in related(CaseTransition, ("at", "id"))
            ],
        ),
        Section(
            key="case_deadlines",
            title=_("Deadlines"),
            items=[
                model_item(d, title=case_title(d), exclude=("case",))
                for d in related(CaseDeadline, ("due_on", "id"))
            ],
        ),
        Section(
            key="conversations",
            title=_("Conversations"),
            items=[
                model_item(c, title=case_title(c), exclude=("case",))
                for c in related(Conversation, ("held_on", "id"))
            ],
        ),
        Section(
            key="contacts",
            title=_("Contacts"),
            items=[
                model_item(c, title=case_title(c), exclude=("case",))
                for c in related(Contact, ("date", "id"))
            ],
        ),
        Section(
            key="referrals",
            title=_("Referrals"),
            items=[
                model_item(r, title=case_title(r), exclude=("case",))
                for r in related(Referral, ("sent_on", "id"))
            ],
        ),
    ]


def plans_sections(resident) -> list[Section]:
    from wijkteam.plans.models import Action, Goal, GoalEvaluation, SupportPlan

    plans = list(
        SupportPlan.objects.filter(case__resident=resident)
        .select_related("case")
        .order_by("started_on", "id")
    )
    # The workers on the plans, through the M2M table: one query even without plans.
    workers: dict[int, list[int]] = {}
    for plan_id, user_id in (
        SupportPlan.workers.through.objects.filter(supportplan__case__resident=resident)
        .order_by("id")
        .values_list("supportplan_id", "user_id")
    ):
        workers.setdefault(plan_id, []).append(user_id)
    goals = list(
        Goal.objects.filter(plan__case__resident=resident)
        .select_related("life_domain")
        .order_by("started_on", "id")
    )
    evaluations = list(
        GoalEvaluation.objects.filter(goal__plan__case__resident=resident)
        .select_related("goal")
        .order_by("evaluated_on", "id")
    )
    actions = list(
        Action.objects.filter(goal__plan__case__resident=resident)
        .select_related("goal")
        .order_by("id")
    )
    plan_items = []
    for p in plans:
        item = model_item(
            p,
            title=_("Support plan from %(date)s") % {"date": text_of(p.started_on)},
            exclude=("case",),
        )
        for index, user_id in enumerate(workers.get(p.pk, []), start=1):
            item.fields.append(Field(f"worker_{index}", _("Worker"), StaffRef(user_id)))
        plan_items.append(item)
    return [
        Section(key="support_plans", title=_("Support plans"), items=plan_items),
        Section(
            key="goals",
            title=_("Goals"),
            items=[model_item(g, title=g.title, exclude=("plan",)) for g in goals],
        ),
        Section(
            key="goal_evaluations",
            title=_("Evaluations of goals"),
            items=[model_item(e, title=e.goal.title, exclude=("goal",)) for e in evaluations],
        ),
        Section(
            key="actions",
            title=_("Actions"),
            items=[model_item(a, title=a.goal.title, exclude=("goal",)) for a in actions],
        ),
    ]
