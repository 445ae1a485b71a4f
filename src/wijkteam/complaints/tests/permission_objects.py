"""In-scope objects for the permission-matrix test: a complaint about team A registered by
the sociaal werker of team A, and a category."""

import datetime


def objects(world) -> dict:
    from wijkteam.complaints import services
    from wijkteam.complaints.choices import ComplaintChannel
    from wijkteam.complaints.models import Complaint, ComplaintCategory

    category = ComplaintCategory.objects.order_by("pk").first()
    complaint = services.register_complaint(
        actor=world.worker,
        complaint=Complaint(
            received_on=datetime.date(2026, 11, 2),
            channel=ComplaintChannel.PHONE,
            complainant_name="M. de Vries",
            complainant_phone="058 123 45 67",
            team=world.team_a,
            category=category,
            description="De medewerker kwam niet op de afspraak.",
        ),
    )
    return {
        "complaints:complaint-detail": complaint,
        "complaints:complaint-update": complaint,
        "complaints:complaint-transition": complaint,
        "complaints:complaint-extend": complaint,
        "complaints:complaint-handling": complaint,
        "complaints:category-update": category,
        "complaint-detail": complaint,
        "complaint-transition": complaint,
        "complaint-extend": complaint,
    }
