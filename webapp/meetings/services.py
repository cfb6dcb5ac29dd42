"""Queries about a citizen's meetings."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.meetings.models import Registration, RegistrationStatus
from webapp.offers.models import CourseSession, Offer
from webapp.types import utcnow

#: a registration that still holds (or waits for) a seat
ACTIVE_STATUSES = (RegistrationStatus.SIGNED_UP, RegistrationStatus.WAITLISTED)


def upcoming_for(citizen, limit: int | None = None) -> list[Registration]:
    """The citizen's coming meetings (signed up or waiting), soonest first, in one query."""
    query = (
        select(Registration)
        .join(Registration.session)
        .where(
            Registration.citizen_id == citizen.id,
            Registration.status.in_(ACTIVE_STATUSES),
            CourseSession.ends_at > utcnow(),
        )
        .options(
            joinedload(Registration.session).joinedload(CourseSession.offer)
            .joinedload(Offer.location),
            joinedload(Registration.session).joinedload(CourseSession.location),
        )
        .order_by(CourseSession.starts_at)
    )
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))
