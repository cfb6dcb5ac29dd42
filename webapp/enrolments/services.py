"""Queries about enrolments."""

from sqlalchemy import select

from webapp.enrolments.models import CURRENT_ENROLMENT, Enrolment
from webapp.extensions import db


def current_enrolment(citizen_id: int, offer_id: int) -> Enrolment | None:
    """The citizen's place, or place on the waiting list, in the offer's group."""
    return db.session.scalar(select(Enrolment).where(
        Enrolment.citizen_id == citizen_id, Enrolment.offer_id == offer_id,
        Enrolment.status.in_(CURRENT_ENROLMENT)))
