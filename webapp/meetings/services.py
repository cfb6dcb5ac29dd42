"""A citizen's meetings: queries for Hjem, Kalender and the history (Mine møder), and the
commands that sign up, put on the waiting list, call in absence (afbud) and undo it, and leave
the waiting list (which is not an afbud).

Capacity holds under concurrency: every command that gives or frees a seat first locks the
meeting's row with an UPDATE (a row lock on PostgreSQL; on SQLite the database's write lock,
taken at the first write of the transaction), and only then counts and writes. Two citizens
taking the last seat at the same moment are served one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Row, and_, func, null, or_, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.functions import GenericFunction

from webapp.core import Refusal, in_transaction, local_day
from webapp.enrolments.models import Enrolment, EnrolmentStatus
from webapp.extensions import db
from webapp.meetings.models import AbsenceReason, Meeting, Registration, RegistrationStatus
from webapp.offers.models import Admission, Location, Offer, OfferStatus
from webapp.paging import Page, page_bounds
from webapp.types import utcnow

#: a registration that still holds (or waits for) a seat
ACTIVE_STATUSES = (RegistrationStatus.SIGNED_UP, RegistrationStatus.WAITLISTED)
#: what Hjem and Kalender list until the meeting ends: also an afbud, so it can be undone, and
#: a check-in, so the meeting does not vanish once the citizen is in the room
LISTED_STATUSES = (*ACTIVE_STATUSES, RegistrationStatus.ABSENT, RegistrationStatus.ATTENDED)
#: what the history (Mine møder) lists once a meeting is over: came, afbud, did not come, and
#: a seat nobody marked (the waiting list, left or not, was never a place at the meeting)
HISTORY_STATUSES = (RegistrationStatus.SIGNED_UP, RegistrationStatus.ATTENDED,
                    RegistrationStatus.ABSENT, RegistrationStatus.NO_SHOW)
#: how many past meetings one page of the history shows
HISTORY_PER_PAGE = 20
#: how far ahead Kalender lists open meetings, and how many at most (a light page: each
#: card is about 1 KB of HTML, and a page should stay under 40 KB)
OPEN_DAYS = 14
OPEN_LIMIT = 15
#: how many of the citizen's own coming meetings Kalender lists
OWN_LIMIT = 15
#: a page number from a URL can be anything; beyond this, the history only counts
MAX_PAGE = 100_000


def meeting_load_options():
    """Eager loading for showing a meeting: its offer with the default place, its own place."""
    return (
        joinedload(Meeting.offer).joinedload(Offer.location),
        joinedload(Meeting.location),
    )


def registration_load_options():
    """The same, for a registration's meeting."""
    return tuple(joinedload(Registration.meeting).options(o) for o in meeting_load_options())


#: registrations that hold a seat at a meeting
SEAT_HOLDING = (RegistrationStatus.SIGNED_UP, RegistrationStatus.ATTENDED)


def seats_taken(meeting_ids) -> dict[int, int]:
    """Seats taken per meeting, in one query: {meeting_id: count}."""
    ids = list(meeting_ids)
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Registration.meeting_id, func.count())
        .where(Registration.meeting_id.in_(ids), Registration.status.in_(SEAT_HOLDING))
        .group_by(Registration.meeting_id)
    ).all())


def _joinable(citizen_id: int):
    """Drop-in offers, and offers the citizen is actively enrolled in."""
    offers, enrolments = Offer.__table__, Enrolment.__table__
    enrolled = select(enrolments.c.offer_id).where(
        enrolments.c.citizen_id == citizen_id,
        enrolments.c.status == EnrolmentStatus.ACTIVE)
    return or_(offers.c.admission == Admission.DROP_IN, offers.c.id.in_(enrolled))


def joinable_offers(citizen, offer_ids) -> set[int]:
    """Which of these offers the citizen may sign up for meetings of, in one query: drop-in
    offers, and offers they are actively enrolled in."""
    ids = list(offer_ids)
    if not ids or citizen is None or not citizen.is_authenticated or citizen.is_staff:
        return set()
    return set(db.session.scalars(
        select(Offer.id).where(Offer.id.in_(ids), _joinable(citizen.id))))


# -- Meetings as cards: Hjem, Kalender, the offer page and the meeting's page ------------------
# Read as named rows with exactly what a card and its controls show (templates/meetings/
# _macros.html), seats left and the citizen's registration included, one query per list.

class at_least_zero(GenericFunction):
    """max(value, 0): SQLite's two-argument max(); PostgreSQL calls it greatest()."""

    type = Integer()
    identifier = "at_least_zero"  # not func.max, which stays the aggregate
    name = "max"
    inherit_cache = True


@compiles(at_least_zero, "postgresql")
def _pg_at_least_zero(element, compiler, **kw):
    return compiler.process(func.greatest(*element.clauses), **kw)


def seats_column():
    """A meeting's free seats, as the column `seats` (never below 0, also when staff have
    overbooked it). Its query must join the meeting (course_sessions) and its offer
    (offers)."""
    meetings, offers = Meeting.__table__, Offer.__table__
    holding = Registration.__table__.alias("holding")
    taken = (select(func.count()).where(holding.c.session_id == meetings.c.id,
                                        holding.c.status.in_(SEAT_HOLDING))
             .scalar_subquery())
    free = func.coalesce(meetings.c.capacity, offers.c.capacity) - taken
    return at_least_zero(free, 0).label("seats")


def _card_columns(registrations=None) -> list:
    """A meeting's card columns; with `registrations` (joined), the citizen's registration."""
    meetings, offers, places = (Meeting.__table__, Offer.__table__,
                                Location.__table__)
    columns = [
        meetings.c.id.label("meeting_id"), meetings.c.offer_id, meetings.c.location_id,
        offers.c.title, meetings.c.starts_at,
        meetings.c.ends_at, places.c.name.label("place_name"),
        places.c.address.label("place_address"), places.c.postcode.label("place_postcode"),
        places.c.city.label("place_city"), meetings.c.cancelled_at, meetings.c.cancel_reason,
        offers.c.admission, seats_column(),
    ]
    if registrations is None:
        return columns + [null().label(name) for name in
                          ("registration_id", "status", "waitlist_position", "promoted_at")]
    return columns + [registrations.c.id.label("registration_id"), registrations.c.status,
                      registrations.c.waitlist_position, registrations.c.promoted_at]


def _with_offer_and_place(joined):
    """Meetings (or a join with them) joined to their offer and to their place (their own,
    or else the offer's)."""
    meetings, offers, places = Meeting.__table__, Offer.__table__, Location.__table__
    return joined.join(offers, meetings.c.offer_id == offers.c.id).join(
        places, places.c.id == func.coalesce(meetings.c.location_id, offers.c.location_id))


def coming_for(citizen, limit: int,
               statuses: Iterable[RegistrationStatus] = LISTED_STATUSES) -> list[Row]:
    """The citizen's meetings that have not ended (with afbud and check-ins by default),
    soonest first, as card rows with the seats left, in one query."""
    registrations, meetings = Registration.__table__, Meeting.__table__
    return db.session.execute(
        select(*_card_columns(registrations))
        .select_from(_with_offer_and_place(
            registrations.join(meetings, registrations.c.session_id == meetings.c.id)))
        .where(
            registrations.c.citizen_id == citizen.id,
            registrations.c.status.in_(tuple(statuses)),
            meetings.c.ends_at > utcnow(),
        )
        .order_by(meetings.c.starts_at, meetings.c.id)
        .limit(limit)
    ).all()


def _citizen_id(citizen) -> int | None:
    """Visitors and staff have no registrations."""
    return citizen.id if citizen.is_authenticated and not citizen.is_staff else None


def _with_registration(citizen):
    """Meetings as card rows with the citizen's own registration, if any (always none for
    visitors and staff)."""
    meetings = Meeting.__table__
    citizen_id = _citizen_id(citizen)
    if citizen_id is None:
        return select(*_card_columns()).select_from(_with_offer_and_place(meetings))
    registrations = Registration.__table__
    return select(*_card_columns(registrations)).select_from(_with_offer_and_place(
        meetings.outerjoin(registrations, and_(
            registrations.c.session_id == meetings.c.id,
            registrations.c.citizen_id == citizen_id))))


def meetings_of_offer(citizen, offer_id: int, limit: int) -> list[Row]:
    """The offer's next meetings, cancelled ones too (shown as cancelled), soonest first, as
    card rows with the citizen's registration (if any) and the seats left, in one query."""
    meetings = Meeting.__table__
    return db.session.execute(
        _with_registration(citizen)
        .where(meetings.c.offer_id == offer_id, meetings.c.starts_at > utcnow())
        .order_by(meetings.c.starts_at, meetings.c.id)
        .limit(limit)
    ).all()


def meeting_row(citizen, meeting_id: int) -> Row:
    """One meeting as a card row with the citizen's registration and the seats left."""
    return db.session.execute(
        _with_registration(citizen).where(Meeting.__table__.c.id == meeting_id)).one()


def open_meetings_for(citizen, days: int = OPEN_DAYS, limit: int = OPEN_LIMIT) -> list[Row]:
    """Coming meetings the citizen could sign up for (drop-in offers and offers they are
    actively enrolled in), not ones they are registered for (a waiting list they left is
    open to them again), soonest first, as card rows with the seats left, in one query."""
    meetings, offers = Meeting.__table__, Offer.__table__
    registrations = Registration.__table__
    own = select(registrations.c.session_id).where(
        registrations.c.citizen_id == citizen.id,
        registrations.c.status != RegistrationStatus.LEFT_WAITLIST)
    now = utcnow()
    return db.session.execute(
        select(*_card_columns())
        .select_from(_with_offer_and_place(meetings))
        .where(
            offers.c.status == OfferStatus.PUBLISHED,
            meetings.c.starts_at > now,
            meetings.c.starts_at < now + timedelta(days=days),
            _joinable(citizen.id),
            meetings.c.id.not_in(own),
        )
        .order_by(meetings.c.starts_at, meetings.c.id)
        .limit(limit)
    ).all()


@dataclass
class Agenda:
    """Kalender: the citizen's own coming meetings and open ones, as card rows."""

    own: list[Row]
    open: list[Row]
    #: the citizen has more coming meetings than `own` lists
    more: bool = False


def agenda_for(citizen, own_limit: int = OWN_LIMIT, open_limit: int = OPEN_LIMIT) -> Agenda:
    """The citizen's coming meetings and the open meetings they could join, in two queries."""
    own = coming_for(citizen, own_limit + 1)
    more, own = len(own) > own_limit, own[:own_limit]
    open_meetings = open_meetings_for(citizen, limit=open_limit) if open_limit else []
    return Agenda(own=own, open=open_meetings, more=more)


def history_for(citizen, page: int, per_page: int = HISTORY_PER_PAGE) -> Page:
    """Mine møder: the citizen's meetings that are over (cancelled ones too), newest first, a
    page at a time, as rows with the title, times, place, the citizen's status and whether
    the meeting was cancelled. One query (a second only for a page out of range, which shows
    the nearest page)."""
    registrations, meetings, offers, places = (Registration.__table__, Meeting.__table__,
                                               Offer.__table__, Location.__table__)
    where = (registrations.c.citizen_id == citizen.id,
             registrations.c.status.in_(HISTORY_STATUSES),
             meetings.c.ends_at <= utcnow())
    joined = registrations.join(meetings, registrations.c.session_id == meetings.c.id)
    total = select(func.count()).select_from(joined).where(*where)

    def rows_of(number: int) -> list[Row]:
        return db.session.execute(
            select(registrations.c.id.label("registration_id"), registrations.c.status,
                   meetings.c.id.label("meeting_id"), meetings.c.starts_at, meetings.c.ends_at,
                   meetings.c.cancelled_at, offers.c.title, places.c.name.label("place_name"),
                   total.scalar_subquery().label("total"))
            .select_from(_with_offer_and_place(joined))
            .where(*where)
            .order_by(meetings.c.starts_at.desc(), meetings.c.id.desc())
            .limit(per_page).offset((number - 1) * per_page)
        ).all()

    page = max(page, 1)
    rows = rows_of(page) if page <= MAX_PAGE else []
    if rows:
        count = rows[0].total
        pages = page_bounds(count, page, per_page)[1]
    else:
        count = db.session.scalar(total)
        page, pages, _offset = page_bounds(count, page, per_page)
        rows = rows_of(page) if count else []
    return Page(items=rows, page=page, pages=pages, total=count)


# -- Afbud reasons in the staff's words -------------------------------------------------------

#: what the roster and the statistics call each reason (the citizen chose it in their own
#: words, webapp.meetings.forms.REASONS)
REASON_NAMES = {
    AbsenceReason.ILL: _l("Ill"),
    AbsenceReason.APPOINTMENT: _l("Another appointment"),
    AbsenceReason.NOT_UP_TO_IT: _l("No energy today"),
    AbsenceReason.TRANSPORT: _l("Cannot get there"),
    AbsenceReason.OTHER: _l("Something else"),
}


def reason_name(reason: AbsenceReason | None) -> str:
    """An afbud's reason as staff read it; "No reason given" for none."""
    return str(REASON_NAMES[reason]) if reason else _("No reason given")


# -- Days in Copenhagen ------------------------------------------------------------------------

def by_day(items, moment_of) -> list[tuple[date, list]]:
    """Group items (already sorted by time) by their day in Copenhagen: [(day, items)]."""
    return [(day, list(group))
            for day, group in groupby(items, key=lambda item: local_day(moment_of(item)))]


def relative_day(day: date, today: date) -> str | None:
    """'Today' or 'Tomorrow' for those days, else None (the caller writes the date)."""
    if day == today:
        return _("Today")
    if day == today + timedelta(days=1):
        return _("Tomorrow")
    return None


# -- Commands ----------------------------------------------------------------------------------

def lock_meeting(meeting_id: int) -> Meeting:
    """Lock the meeting's row for the rest of the transaction, then load it fresh with its
    offer. The UPDATE comes first: pysqlite only begins the transaction at the first write,
    so counting before it would count outside the lock."""
    locked = db.session.execute(
        update(Meeting).where(Meeting.id == meeting_id)
        .values(capacity=Meeting.capacity)
        .execution_options(synchronize_session=False)
    )
    if locked.rowcount == 0:
        abort(404)
    return db.session.scalars(
        select(Meeting).where(Meeting.id == meeting_id)
        .options(*meeting_load_options())
        .execution_options(populate_existing=True)
    ).one()


def waiting_list(meeting_id: int) -> list[Registration]:
    """The meeting's waiting list, first in line first."""
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.meeting_id == meeting_id,
               Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.waitlist_position, Registration.signed_up_at, Registration.id)
        .execution_options(populate_existing=True)
    ))


def renumber_waiting(waiting: list[Registration]) -> None:
    """Positions 1, 2, 3 … without gaps, in the list's order."""
    for position, registration in enumerate(waiting, start=1):
        registration.waitlist_position = position


def free_seats_at(meeting: Meeting) -> int:
    return max(0, meeting.effective_capacity - seats_taken([meeting.id]).get(meeting.id, 0))


def promote_waiting(meeting: Meeting) -> list[Registration]:
    """Give free seats to the first on the waiting list; the others move up. The meeting
    must be locked. Returns the promoted registrations."""
    waiting = waiting_list(meeting.id)
    promoted = waiting[:free_seats_at(meeting)] if waiting else []
    now = utcnow()
    for registration in promoted:
        registration.status = RegistrationStatus.SIGNED_UP
        registration.waitlist_position = None
        # signed_up_at tells when the seat became theirs
        registration.signed_up_at = now
        registration.promoted_at = now
    renumber_waiting(waiting[len(promoted):])
    return promoted


def fill_free_seats(meeting_id: int) -> list[Registration]:
    """Move people up from the waiting list into free seats (after a registration was
    removed or the capacity raised), and commit. Returns the promoted registrations."""
    return in_transaction(lambda: promote_waiting(lock_meeting(meeting_id)))


def has_started(meeting: Meeting) -> bool:
    """The meeting has begun (or is over): no more sign-ups, afbud or undo."""
    return meeting.starts_at <= utcnow()


def _check_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise Refusal(_l("This meeting is cancelled, so you cannot sign up for it."))
    if has_started(meeting):
        raise Refusal(_l("This meeting has already started, so you cannot sign up for it."))


def may_sign_up(citizen, offer_id: int, admission: Admission) -> bool:
    """Whether the citizen may sign up for the offer's meetings: a drop-in offer (no query),
    or one they are actively enrolled in. Never visitors or staff."""
    if _citizen_id(citizen) is None:
        return False
    return admission is Admission.DROP_IN or offer_id in joinable_offers(citizen, [offer_id])


def check_may_join(citizen, meeting: Meeting) -> None:
    offer = meeting.offer
    if may_sign_up(citizen, offer.id, offer.admission):
        return
    if offer.admission is Admission.ASK_TO_JOIN:
        raise Refusal(_l("You need a place in this group before you can sign up for its "
                        "meetings. Ask to join the group yourself on the group's page. "
                        "The municipality answers within 14 days."), 403)
    raise Refusal(_l("You join this group through your counsellor. Talk to your counsellor "
                    "if you would like to join."), 403)


#: a registration the citizen may sign up from again: an afbud, or a waiting list they left
SIGN_UP_AGAIN = (RegistrationStatus.ABSENT, RegistrationStatus.LEFT_WAITLIST)


def sign_up(citizen, meeting_id: int) -> Registration:
    """Sign the citizen up for a meeting, or put them on its waiting list when it is full
    (at its end), and commit; also after an afbud or after leaving the waiting list. Raises
    Refusal (or a 404) when the rules do not allow it."""

    if citizen.is_staff:
        raise Refusal(_l("Only citizens can sign up for meetings."), 403)

    def command() -> Registration:
        meeting = lock_meeting(meeting_id)
        if meeting.offer.status is not OfferStatus.PUBLISHED:
            abort(404)
        _check_open(meeting)
        check_may_join(citizen, meeting)
        registration = db.session.scalars(
            select(Registration).where(Registration.meeting_id == meeting.id,
                                       Registration.citizen_id == citizen.id)
            .execution_options(populate_existing=True)
        ).one_or_none()
        if registration is not None and registration.status is RegistrationStatus.SIGNED_UP:
            raise Refusal(_l("You are already signed up for this meeting."))
        if registration is not None and registration.status is RegistrationStatus.WAITLISTED:
            raise Refusal(_l("You are already on the waiting list for this meeting."))
        if registration is not None and registration.status not in SIGN_UP_AGAIN:
            raise Refusal(_l("This meeting has already started, so you cannot sign up for it."))
        # Count before adding the new row: a query would flush it as a taken seat.
        full = free_seats_at(meeting) == 0
        position = len(waiting_list(meeting.id)) + 1 if full else None
        if registration is None:
            registration = Registration(meeting_id=meeting.id, citizen_id=citizen.id)
            db.session.add(registration)
        _clear_absence(registration)
        registration.signed_up_at = utcnow()
        registration.status = (RegistrationStatus.WAITLISTED if full
                               else RegistrationStatus.SIGNED_UP)
        registration.waitlist_position = position
        db.session.flush()
        return registration

    return in_transaction(command)


def _clear_absence(registration: Registration) -> None:
    registration.absent_at = None
    registration.absence_reason = None
    registration.absence_note = None


def meeting_or_404(meeting_id: int) -> Meeting:
    """A meeting of a published offer, with its offer and place, or a 404."""
    meeting = db.session.scalars(
        select(Meeting).join(Meeting.offer)
        .where(Meeting.id == meeting_id, Offer.status == OfferStatus.PUBLISHED)
        .options(*meeting_load_options())
    ).one_or_none()
    if meeting is None:
        abort(404)
    return meeting


def own_registration(citizen, registration_id: int) -> Registration:
    """The citizen's own registration with its meeting, or a 404 (also for another's)."""
    registration = db.session.scalars(
        select(Registration)
        .where(Registration.id == registration_id, Registration.citizen_id == citizen.id)
        .options(*registration_load_options())
    ).one_or_none()
    if registration is None:
        abort(404)
    return registration


def _locked_own(citizen, registration_id: int) -> tuple[Registration, Meeting]:
    """Lock the meeting of the citizen's own registration; both loaded fresh."""
    meeting_id = own_registration(citizen, registration_id).meeting_id
    meeting = lock_meeting(meeting_id)
    registration = db.session.scalars(
        select(Registration).where(Registration.id == registration_id)
        .execution_options(populate_existing=True)
    ).one()
    return registration, meeting


def check_absence_allowed(registration: Registration, meeting: Meeting) -> None:
    """Raise Refusal unless the citizen may still call in absence for this meeting: they
    hold a seat and it has not started. On the waiting list they have no seat to give up:
    they leave the list instead (`leave_waiting_list`)."""
    if registration.status is RegistrationStatus.ABSENT:
        raise Refusal(_l("You have already told us that you cannot come. Thank you."))
    if registration.status in (RegistrationStatus.WAITLISTED,
                               RegistrationStatus.LEFT_WAITLIST) and not has_started(meeting):
        raise Refusal(_l("You are on the waiting list and do not have a seat yet, so you do "
                         "not need to call in absence. You can leave the waiting list "
                         "instead."))
    if registration.status is not RegistrationStatus.SIGNED_UP or has_started(meeting):
        raise Refusal(_l("The meeting has started, so you can no longer call in absence "
                        "here. If you cannot come, tell your contact person."))
    if meeting.is_cancelled:
        raise Refusal(_l("This meeting is cancelled, so you do not need to call in absence."))


def call_in_absence(citizen, registration_id: int, reason: AbsenceReason | None = None,
                    note: str | None = None) -> Registration:
    """Afbud: the citizen will not come. Frees the seat for the first on the waiting list,
    and commits. Allowed until the meeting starts. The reason is shown to the staff who run
    the group and counted in the statistics; the note only to the group's counsellors (see
    webapp.staff.attendance.counsels)."""

    def command() -> Registration:
        registration, meeting = _locked_own(citizen, registration_id)
        check_absence_allowed(registration, meeting)
        registration.status = RegistrationStatus.ABSENT
        registration.promoted_at = None
        registration.waitlist_position = None
        registration.absent_at = utcnow()
        registration.absence_reason = reason
        registration.absence_note = (note or "").strip() or None
        db.session.flush()
        promote_waiting(meeting)
        return registration

    return in_transaction(command)


def check_leave_allowed(registration: Registration, meeting: Meeting) -> None:
    """Raise Refusal unless the citizen is on the meeting's waiting list and may leave it."""
    if registration.status is RegistrationStatus.LEFT_WAITLIST:
        raise Refusal(_l("You are no longer on the waiting list for this meeting."))
    if registration.status is RegistrationStatus.SIGNED_UP and not has_started(meeting):
        raise Refusal(_l("Good news: you got a seat at this meeting, so you are no longer on "
                         "the waiting list. If you cannot come, call in absence."))
    if registration.status is not RegistrationStatus.WAITLISTED or has_started(meeting):
        raise Refusal(_l("The meeting has started, so the waiting list is closed."))
    if meeting.is_cancelled:
        raise Refusal(_l("This meeting is cancelled, so you do not need to do anything."))


def leave_waiting_list(citizen, registration_id: int) -> Registration:
    """The citizen no longer wants a seat at this meeting: they leave its waiting list (not
    an afbud: no reason is asked, and the statistics and the roster do not count it), the
    ones after them move up, and it commits. They can sign up again while the meeting is
    ahead: they then join the list at its end, or get a seat if one is free."""

    def command() -> Registration:
        registration, meeting = _locked_own(citizen, registration_id)
        check_leave_allowed(registration, meeting)
        registration.status = RegistrationStatus.LEFT_WAITLIST
        registration.waitlist_position = None
        db.session.flush()
        renumber_waiting(waiting_list(meeting.id))
        return registration

    return in_transaction(command)


def undo_absence(citizen, registration_id: int) -> Registration:
    """Undo an afbud: the citizen gets the seat back if one is free, and commits."""

    def command() -> Registration:
        registration, meeting = _locked_own(citizen, registration_id)
        if registration.status is not RegistrationStatus.ABSENT:
            raise Refusal(_l("There is no absence to undo for this meeting."))
        if has_started(meeting):
            raise Refusal(_l("The meeting has started, so you can no longer undo your absence."))
        if meeting.is_cancelled:
            raise Refusal(_l("This meeting is cancelled, so you cannot sign up for it."))
        if free_seats_at(meeting) == 0 or waiting_list(meeting.id):
            raise Refusal(_l("The meeting is full now, so you cannot undo your absence. You "
                            "can join the waiting list instead."))
        _clear_absence(registration)
        registration.status = RegistrationStatus.SIGNED_UP
        registration.signed_up_at = utcnow()
        return registration

    return in_transaction(command)
