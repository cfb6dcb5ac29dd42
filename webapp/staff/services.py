"""The counsellors' side: the Today page, and offers and meetings they run.

Every query goes through webapp.staff.access: a counsellor sees and changes only the offers
they facilitate (anything else is a 404), an admin sees all; Today's requests to join are the
team's (the queue's). Pages run a fixed number of queries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.auth.models import STAFF_ROLES, User
from webapp.core import COPENHAGEN, local_day
from webapp.extensions import db
from webapp.goals.services import goals_due_for_follow_up
from webapp.meetings.models import Meeting, Registration, RegistrationStatus
from webapp.meetings.services import (
    SEAT_HOLDING,
    fill_free_seats,
    meeting_load_options,
    seats_taken,
)
from webapp.offers.models import Location, Offer, OfferStatus
from webapp.referrals.models import OPEN_REFERRAL_STATUSES, Referral
from webapp.referrals.services import DUE_SOON_DAYS
from webapp.staff.access import facilitated_offer_ids, team_offer_ids
from webapp.types import utcnow

log = logging.getLogger(__name__)

#: Today lists meetings from the start of today and this many days on
WEEK_DAYS = 7
#: Today lists the team's open referrals whose answer-by date is at most this many days away
#: (the queue's "due soon")
REFERRAL_NEAR_DAYS = DUE_SOON_DAYS
TODAY_REFERRAL_LIMIT = 10
#: the offer page for staff lists meetings from this many days back (to take attendance)
OFFER_PAST_DAYS = 14
OFFER_MEETING_LIMIT = 60


def _facilitated(query, staff, offer_column=Offer.id):
    """Limit a query to the staff member's offers (an admin sees all)."""
    if staff.is_admin:
        return query
    return query.where(offer_column.in_(facilitated_offer_ids(staff)))


def today_in_copenhagen() -> date:
    return local_day(utcnow())


def start_of(day: date) -> datetime:
    """Midnight of a day in Copenhagen, as an aware time."""
    return datetime.combine(day, time.min, COPENHAGEN)


# -- Today -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    """Registrations of one meeting by what they mean for the counsellor."""

    signed_up: int = 0
    waiting: int = 0
    absent: int = 0
    attended: int = 0


def registration_counts(meeting_ids) -> dict[int, Counts]:
    """Signed up (holding a seat), waiting, absent (afbud) and attended per meeting, in one
    query: {meeting_id: Counts}."""
    ids = list(meeting_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Registration.meeting_id, Registration.status, func.count())
        .where(Registration.meeting_id.in_(ids))
        .group_by(Registration.meeting_id, Registration.status)
    )
    by_meeting: dict[int, dict[RegistrationStatus, int]] = {}
    for meeting_id, status, number in rows:
        by_meeting.setdefault(meeting_id, {})[status] = number
    counts = {}
    for meeting_id, numbers in by_meeting.items():
        counts[meeting_id] = Counts(
            signed_up=sum(numbers.get(s, 0) for s in (*SEAT_HOLDING, RegistrationStatus.NO_SHOW)),
            waiting=numbers.get(RegistrationStatus.WAITLISTED, 0),
            absent=numbers.get(RegistrationStatus.ABSENT, 0),
            attended=numbers.get(RegistrationStatus.ATTENDED, 0),
        )
    return counts


def meetings_this_week(staff, days: int = WEEK_DAYS) -> list[Meeting]:
    """Meetings of the staff member's offers from the start of today (Copenhagen) and
    `days` days on, cancelled ones too, soonest first, in one query."""
    start = start_of(today_in_copenhagen())
    query = (
        select(Meeting)
        .join(Meeting.offer)
        .where(Meeting.starts_at >= start,
               Meeting.starts_at < start + timedelta(days=days))
        .options(*meeting_load_options())
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list(db.session.scalars(_facilitated(query, staff)))


def referrals_near_deadline(staff, days: int = REFERRAL_NEAR_DAYS,
                            limit: int = TODAY_REFERRAL_LIMIT) -> list[Referral]:
    """Open self-referrals to the offers of the staff member's team (the queue's, see
    webapp.staff.access.team_offer_ids) that must be answered within `days` days (or are
    late), most urgent first, with their offer and who has taken each, in one query. So an
    inquiry no one has taken shows on every team member's Today."""
    query = (
        select(Referral)
        .join(Referral.offer)
        .where(Referral.status.in_(OPEN_REFERRAL_STATUSES),
               Referral.answer_by <= today_in_copenhagen() + timedelta(days=days))
        .options(joinedload(Referral.offer), joinedload(Referral.citizen),
                 joinedload(Referral.taken_by))
        .order_by(Referral.answer_by, Referral.received_at, Referral.id)
        .limit(limit)
    )
    if not staff.is_admin:
        query = query.where(Referral.offer_id.in_(team_offer_ids(staff)))
    return list(db.session.scalars(query))


@dataclass
class Today:
    """What the counsellor's start page shows."""

    today: date
    meetings: list[Meeting]
    counts: dict[int, Counts]
    referrals: list[Referral]
    goals: list

    @property
    def todays(self) -> list[Meeting]:
        return [m for m in self.meetings if local_day(m.starts_at) == self.today]

    @property
    def later(self) -> list[Meeting]:
        return [m for m in self.meetings if local_day(m.starts_at) != self.today]


def today_for(staff) -> Today:
    """The start page: this week's meetings with their counts, referrals close to their
    deadline and goals due for follow-up, in a fixed number of queries."""
    meetings = meetings_this_week(staff)
    return Today(today=today_in_copenhagen(), meetings=meetings,
                 counts=registration_counts(m.id for m in meetings),
                 referrals=referrals_near_deadline(staff),
                 goals=goals_due_for_follow_up(staff))


# -- Offers ------------------------------------------------------------------------------------

def offers_for(staff) -> list[Offer]:
    """The offers the staff member runs (all for an admin), drafts and published first,
    then by title, with their place, in one query."""
    query = (
        select(Offer)
        .options(joinedload(Offer.location))
        .order_by(Offer.status == OfferStatus.ARCHIVED, Offer.title, Offer.id)
    )
    return list(db.session.scalars(_facilitated(query, staff)))


def offer_for_staff(staff, offer_id: int) -> Offer:
    """An offer the staff member runs, with its place and counsellors, or a 404."""
    query = (
        select(Offer)
        .where(Offer.id == offer_id)
        .options(joinedload(Offer.location), selectinload(Offer.facilitators))
    )
    offer = db.session.scalar(_facilitated(query, staff))
    if offer is None:
        abort(404)
    return offer


def staff_members() -> list[User]:
    """Active counsellors and admins, for choosing who runs a group."""
    return list(db.session.scalars(
        select(User).where(User.role.in_(STAFF_ROLES), User.is_active_account)
        .order_by(User.name, User.id)
    ))


def all_locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.name, Location.id)))


def capacity_floor(offer: Offer) -> int:
    """The most citizens holding a seat at one coming meeting that uses the offer's own
    capacity (no override): the offer's capacity cannot go below it."""
    ids = db.session.scalars(
        select(Meeting.id).where(Meeting.offer_id == offer.id,
                                       Meeting.capacity.is_(None),
                                       Meeting.cancelled_at.is_(None),
                                       Meeting.starts_at > utcnow())
    ).all()
    return max(seats_taken(ids).values(), default=0)


def save_offer(actor, data: dict, offer: Offer | None = None) -> Offer:
    """Create an offer (a draft) or change one, and commit. `data` holds the model's fields
    and `facilitator_ids`. A raised capacity gives free seats to the waiting lists."""
    data = dict(data)
    facilitator_ids = data.pop("facilitator_ids")
    is_new = offer is None
    raised = not is_new and data["capacity"] > offer.capacity
    if is_new:
        offer = Offer(status=OfferStatus.DRAFT)
        db.session.add(offer)
    for name, value in data.items():
        setattr(offer, name, value)
    offer.facilitators = list(db.session.scalars(
        select(User).where(User.id.in_(facilitator_ids),
                           User.role.in_(STAFF_ROLES))))
    db.session.commit()
    log.info("staff %s %s offer %s", actor.id, "created" if is_new else "changed", offer.id)
    if raised:
        for meeting_id in coming_meeting_ids(offer, own_capacity=False):
            fill_free_seats(meeting_id)
    return offer


def coming_meeting_ids(offer: Offer, own_capacity: bool | None = None) -> list[int]:
    """The ids of the offer's coming, not cancelled meetings; own_capacity=False: only those
    that use the offer's capacity."""
    query = select(Meeting.id).where(Meeting.offer_id == offer.id,
                                           Meeting.cancelled_at.is_(None),
                                           Meeting.starts_at > utcnow())
    if own_capacity is False:
        query = query.where(Meeting.capacity.is_(None))
    return list(db.session.scalars(query))


def set_offer_status(actor, offer: Offer, status: OfferStatus) -> None:
    """Publish, archive or take an offer back to draft, and commit."""
    offer.status = status
    db.session.commit()
    log.info("staff %s set offer %s to %s", actor.id, offer.id, status.value)


# -- Meetings ----------------------------------------------------------------------------------

def local_moment(day: date, clock: time) -> datetime:
    """A wall-clock time on a day in Copenhagen as an aware time (right across daylight
    saving: 10.00 is 10.00 in both winter and summer)."""
    return datetime.combine(day, clock, COPENHAGEN)


def series_dates(weekday: int, first: date, last: date, skip=()) -> list[date]:
    """Every `weekday` (Monday is 0) from first to last, both included, except `skip`."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    dates = []
    while day <= last:
        if day not in skip:
            dates.append(day)
        day += timedelta(weeks=1)
    return dates


def offer_meetings(offer: Offer, past_days: int = OFFER_PAST_DAYS,
                   limit: int = OFFER_MEETING_LIMIT) -> list[Meeting]:
    """The offer's meetings from `past_days` days back on, soonest first, in one query."""
    since = start_of(today_in_copenhagen() - timedelta(days=past_days))
    return list(db.session.scalars(
        select(Meeting)
        .where(Meeting.offer_id == offer.id, Meeting.starts_at >= since)
        .options(joinedload(Meeting.location))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(limit)
    ))


def add_meetings(actor, offer: Offer, times: list[tuple[datetime, datetime]],
                 location_id: int | None = None, capacity: int | None = None
                 ) -> tuple[list[Meeting], int]:
    """Add meetings to an offer and commit: (the new meetings, how many were left out
    because the offer already meets at that time)."""
    taken = set(db.session.scalars(
        select(Meeting.starts_at).where(
            Meeting.offer_id == offer.id,
            Meeting.starts_at.in_([start for start, _end in times]))))
    created = [Meeting(offer_id=offer.id, starts_at=start, ends_at=end,
                             location_id=location_id, capacity=capacity)
               for start, end in times if start not in taken]
    db.session.add_all(created)
    db.session.commit()
    log.info("staff %s added %d meetings to offer %s", actor.id, len(created), offer.id)
    return created, len(times) - len(created)


def update_meeting(actor, meeting: Meeting, starts_at: datetime, ends_at: datetime,
                   location_id: int | None, capacity: int | None) -> None:
    """Change a meeting's time, place or seats, and commit; free seats go to the waiting
    list."""
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.location_id, meeting.capacity = location_id, capacity
    db.session.commit()
    log.info("staff %s changed meeting %s", actor.id, meeting.id)
    fill_free_seats(meeting.id)


def cancel_meeting(actor, meeting: Meeting, reason: str) -> None:
    """Cancel a meeting with a reason the signed-up citizens read, and commit. Their
    registrations stay, so Hjem, Kalender and the calendar feed show the cancellation."""
    meeting.cancelled_at = utcnow()
    meeting.cancel_reason = reason
    db.session.commit()
    log.info("staff %s cancelled meeting %s", actor.id, meeting.id)


def meeting_for_staff(staff, meeting_id: int) -> Meeting:
    """A meeting of an offer the staff member runs, with its offer and places, or a 404."""
    query = (
        select(Meeting)
        .join(Meeting.offer)
        .where(Meeting.id == meeting_id)
        .options(*meeting_load_options())
    )
    meeting = db.session.scalar(_facilitated(query, staff))
    if meeting is None:
        abort(404)
    return meeting
