"""Queries about a citizen's meetings."""

from sqlalchemy import func, select
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


#: registrations that hold a seat at a meeting
SEAT_HOLDING = (RegistrationStatus.SIGNED_UP, RegistrationStatus.ATTENDED)


def seats_taken(session_ids) -> dict[int, int]:
    """Seats taken per meeting, in one query: {session_id: count}."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Registration.session_id, func.count())
        .where(Registration.session_id.in_(ids), Registration.status.in_(SEAT_HOLDING))
        .group_by(Registration.session_id)
    )
    return dict(rows.all())


def seats_left(meetings) -> dict[int, int]:
    """Free seats per meeting (never below 0), in one query: {session_id: seats}. The
    meetings' offers must be loaded (for the default capacity)."""
    taken = seats_taken(m.id for m in meetings)
    return {m.id: max(0, m.effective_capacity - taken.get(m.id, 0)) for m in meetings}


def registrations_of(citizen, session_ids) -> dict[int, Registration]:
    """The citizen's registrations for these meetings, in one query: {session_id: reg}."""
    ids = list(session_ids)
    if not ids or citizen is None or not citizen.is_authenticated:
        return {}
    rows = db.session.scalars(
        select(Registration).where(Registration.citizen_id == citizen.id,
                                   Registration.session_id.in_(ids))
    )
    return {r.session_id: r for r in rows}
