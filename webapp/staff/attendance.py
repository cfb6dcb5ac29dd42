"""The roster of a meeting and attendance: the counsellor's marks, walk-ins and the
citizens' own QR check-in.

A walk-in the counsellor adds grants nothing until the citizen checks in with the meeting's
code themselves: it is kept by the e-mail typed (a `WalkIn`), looks up no account, and only
the citizen's own check-in makes the registration that puts them in the counsellor's group.
So a counsellor cannot pull someone into their groups, nor learn whether an e-mail has an
account.

The QR code is a signed meeting id that never expires by itself: it is good only from 30
minutes before its meeting starts until the meeting ends, decided at check-in time from the
meeting's own times (so a moved meeting keeps its code), and checking in is a POST (a link
or a forwarded photo opens the page; only a tap on it checks in).

Every command locks the meeting's row first, as sign-up does (meetings.services), and a
citizen has at most one registration per meeting (a unique constraint). So a counsellor's
mark and a citizen's scan at the same moment are served one after the other, on the same
row: the citizen is counted once, and marking attended twice changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from webapp.audit.models import AuditAction, AuditPurpose
from webapp.audit.services import record
from webapp.auth.models import User
from webapp.core import Refusal, in_transaction
from webapp.extensions import db
from webapp.i18n import when
from webapp.meetings.models import (
    CheckInMethod,
    Meeting,
    Registration,
    RegistrationStatus,
    WalkIn,
)
from webapp.meetings.services import (
    check_may_join,
    free_seats_at,
    has_started,
    lock_meeting,
    meeting_load_options,
    promote_waiting,
    renumber_waiting,
    waiting_list,
)
from webapp.offers.models import OfferStatus, offer_facilitators
from webapp.staff.services import Counts
from webapp.types import utcnow

log = logging.getLogger(__name__)

#: the QR code works from this long before the meeting starts until it ends
CHECK_IN_OPENS = timedelta(minutes=30)
#: itsdangerous salt: a check-in token is good for nothing else signed with the secret key
TOKEN_SALT = "sammen.meeting-check-in"
#: what the citizen reads in "Who has looked at my data", in their language
PURPOSE_ATTENDANCE = AuditPurpose.ATTENDANCE

#: the marks a counsellor can give, in the order of the buttons
MARKS = (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT, RegistrationStatus.NO_SHOW)
#: who is listed as a participant (the waiting list is listed on its own)
PARTICIPANT_STATUSES = (RegistrationStatus.SIGNED_UP, *MARKS)


# -- The roster --------------------------------------------------------------------------------

@dataclass
class Roster:
    """One meeting's registrations: participants by name, then the waiting list in order;
    and the walk-ins still waiting for the citizen to check in with the code."""

    participants: list[Registration]
    waiting: list[Registration]
    walk_ins: list[WalkIn]

    @property
    def counts(self) -> Counts:
        def number(*statuses):
            return sum(1 for r in self.participants if r.status in statuses)

        return Counts(signed_up=number(*PARTICIPANT_STATUSES) - number(RegistrationStatus.ABSENT),
                      waiting=len(self.waiting), absent=number(RegistrationStatus.ABSENT),
                      attended=number(RegistrationStatus.ATTENDED))


def roster_of(meeting: Meeting) -> Roster:
    """The meeting's registrations with their citizens, in one query."""
    rows = list(db.session.scalars(
        select(Registration)
        .where(Registration.meeting_id == meeting.id)
        .options(joinedload(Registration.citizen))
        .order_by(Registration.id)
    ))
    participants = sorted((r for r in rows if r.status in PARTICIPANT_STATUSES),
                          key=lambda r: (r.citizen.name.casefold(), r.id))
    waiting = sorted((r for r in rows if r.status is RegistrationStatus.WAITLISTED),
                     key=lambda r: r.waitlist_position or 0)
    walk_ins = list(db.session.scalars(
        select(WalkIn).where(WalkIn.meeting_id == meeting.id).order_by(WalkIn.id)))
    return Roster(participants=participants, waiting=waiting, walk_ins=walk_ins)


def counsels(staff, meeting: Meeting) -> bool:
    """Whether the staff member is one of the group's own counsellors (a facilitator of the
    meeting's offer). Only they read the message a citizen writes with an afbud: the afbud
    form promises it. An admin may open every roster and sees the reason, but is not the
    group's counsellor unless they facilitate it too."""
    return db.session.scalar(select(exists().where(
        offer_facilitators.c.offer_id == meeting.offer_id,
        offer_facilitators.c.user_id == staff.id)))


def short_name(user: User) -> str:
    """'Anna H.': first name and the first letter of the last name."""
    parts = user.name.split()
    if len(parts) < 2:
        return user.name
    return f"{parts[0]} {parts[-1][:1]}."


# -- The counsellor's marks --------------------------------------------------------------------

def window(meeting: Meeting) -> tuple[datetime, datetime]:
    """When attendance can be taken: from 30 minutes before the start to the end (the
    counsellor may also mark afterwards)."""
    return meeting.starts_at - CHECK_IN_OPENS, meeting.ends_at


def _locked_registration(meeting_id: int, registration_id: int) -> Registration:
    registration = db.session.scalars(
        select(Registration)
        .where(Registration.id == registration_id, Registration.meeting_id == meeting_id)
        .options(joinedload(Registration.citizen))
        .execution_options(populate_existing=True)
    ).one_or_none()
    if registration is None:
        abort(404)
    return registration


def _attended(registration: Registration, by: User, method: CheckInMethod) -> bool:
    """Mark attended; False when the citizen was already marked (the first mark stays)."""
    if registration.status is RegistrationStatus.ATTENDED:
        return False
    registration.status = RegistrationStatus.ATTENDED
    registration.waitlist_position = None
    registration.attended_at = utcnow()
    registration.checked_in_by_id = by.id
    registration.check_in_method = method
    registration.absent_at = None
    registration.absence_reason = None
    registration.absence_note = None
    return True


def _clear_attendance(registration: Registration) -> None:
    registration.attended_at = None
    registration.checked_in_by_id = None
    registration.check_in_method = None


def mark(staff, meeting_id: int, registration_id: int, status: RegistrationStatus
         ) -> Registration:
    """The counsellor marks a citizen attended, absent with notice (afbud) or no-show, and
    commits. Marking what is already marked changes nothing."""
    if status not in MARKS:
        raise Refusal(_l("Choose attended, absent with notice or did not come."), 400)

    def command() -> Registration:
        meeting = lock_meeting(meeting_id)
        if meeting.is_cancelled:
            raise Refusal(_l("The meeting is cancelled, so there is no attendance to take."))
        registration = _locked_registration(meeting_id, registration_id)
        if status is not RegistrationStatus.ABSENT and utcnow() < window(meeting)[0]:
            raise Refusal(_l("You can take attendance from 30 minutes before the meeting "
                             "starts."))
        if registration.status is status:
            return registration
        was_waiting = registration.status is RegistrationStatus.WAITLISTED
        if status is RegistrationStatus.ATTENDED:
            _attended(registration, staff, CheckInMethod.STAFF)
        else:
            _clear_attendance(registration)
            registration.status = status
            registration.waitlist_position = None
            if status is RegistrationStatus.ABSENT:
                registration.absent_at = utcnow()
        db.session.flush()
        if was_waiting:
            renumber_waiting(waiting_list(meeting.id))
        if not has_started(meeting):
            promote_waiting(meeting)
        record(staff, AuditAction.CHANGE, "registration", PURPOSE_ATTENDANCE,
               subject=registration.citizen, object_id=registration.id)
        log.info("staff %s marked registration %s %s", staff.id, registration.id,
                 status.value)
        return registration

    return in_transaction(command)


def add_walk_in(staff, meeting_id: int, email: str) -> None:
    """Someone came without a seat: let them in by the e-mail they gave, and commit. No
    account is looked up, so neither the answer nor the roster says whether one exists, and
    nothing opens to the counsellor yet: the citizen is added, marked attended whether or not
    there are seats, when they check in with the meeting's code themselves
    (`check_in_by_scan`). Adding the same e-mail again changes nothing."""
    email = email.strip().lower()

    def command() -> None:
        meeting = lock_meeting(meeting_id)
        if meeting.is_cancelled:
            raise Refusal(_l("The meeting is cancelled, so there is no attendance to take."))
        opens, closes = window(meeting)
        if utcnow() < opens:
            raise Refusal(_l("You can take attendance from 30 minutes before the meeting "
                             "starts."))
        if utcnow() > closes:
            raise Refusal(_l("The meeting is over, so no one can check in with its code any "
                             "more."))
        if _walk_in_of(meeting.id, email) is None:
            walk_in = WalkIn(meeting_id=meeting.id, email=email, added_by_id=staff.id)
            db.session.add(walk_in)
            db.session.flush()
            log.info("staff %s let walk-in %s into meeting %s at the door", staff.id,
                     walk_in.id, meeting.id)

    in_transaction(command)


def _walk_in_of(meeting_id: int, email: str) -> WalkIn | None:
    return db.session.scalars(
        select(WalkIn).where(WalkIn.meeting_id == meeting_id, WalkIn.email == email)
        .options(joinedload(WalkIn.added_by))
    ).one_or_none()


def _registration_of(meeting_id: int, citizen_id: int) -> Registration | None:
    return db.session.scalars(
        select(Registration).where(Registration.meeting_id == meeting_id,
                                   Registration.citizen_id == citizen_id)
        .execution_options(populate_existing=True)
    ).one_or_none()


# -- QR check-in -------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def check_in_token(meeting: Meeting) -> str:
    """The signed token in the meeting's QR code. It names the meeting; when it may be used
    is decided at scan time from the meeting's own times (so a moved meeting keeps its
    code)."""
    return _serializer().dumps(meeting.id)


def meeting_id_in(token: str) -> int | None:
    """The meeting a token was signed for, or None for a forged or broken token."""
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class Scan:
    """A citizen's check-in: the meeting, and whether they are (or were already) checked
    in."""

    meeting: Meeting
    already: bool


def _check_code(citizen, meeting_id: int, token: str) -> None:
    """Refuse a forged code, another meeting's code, and staff."""
    signed_for = meeting_id_in(token)
    if signed_for is None:
        raise Refusal(_l("This QR code does not work. Scan the code the group leader shows "
                         "you again, or ask them to check you in."), 400)
    if signed_for != meeting_id:
        raise Refusal(_l("This QR code belongs to another meeting. Scan the code the group "
                         "leader shows you now."), 400)
    if citizen.is_staff:
        raise Refusal(_l("The QR code is for citizens to check in. As staff, mark attendance "
                         "on the roster."), 403)


def _check_open_for_check_in(meeting: Meeting) -> None:
    """Refuse a draft's or a cancelled meeting's code, and any code outside its window: from
    30 minutes before the start to the end."""
    if meeting.offer.status is OfferStatus.DRAFT:
        raise Refusal(_l("This QR code does not work. Scan the code the group leader "
                         "shows you again, or ask them to check you in."), 400)
    if meeting.is_cancelled:
        raise Refusal(_l("This meeting is cancelled, so you cannot check in."))
    opens, closes = window(meeting)
    now = utcnow()
    if now < opens:
        raise Refusal(_l("It is too early to check in. You can check in from %(time)s, 30 "
                         "minutes before the meeting starts.", time=when(opens)))
    if now > closes:
        raise Refusal(_l("The meeting is over, so you can no longer check in."))


def check_in_page(citizen, meeting_id: int, token: str) -> Scan:
    """What the page a code opens shows, before the tap: the meeting, and whether the
    citizen is checked in already. Changes nothing; raises Refusal as `check_in_by_scan`
    does for a code that does not work now."""
    _check_code(citizen, meeting_id, token)
    meeting = db.session.scalars(
        select(Meeting).where(Meeting.id == meeting_id).options(*meeting_load_options())
    ).one_or_none()
    if meeting is None:
        abort(404)
    _check_open_for_check_in(meeting)
    registration = _registration_of(meeting.id, citizen.id)
    return Scan(meeting, already=registration is not None
                and registration.status is RegistrationStatus.ATTENDED)


def check_in_by_scan(citizen, meeting_id: int, token: str) -> Scan:
    """The citizen tapped "Check in" on the page the meeting's QR code opened: mark them
    attended, and commit. A citizen without a seat is signed up first if they may join and
    there is room, or let in whatever the seats when the counsellor added them at the door
    (a walk-in: then the registration is the counsellor's, as a walk-in, and audit-logged).
    Raises Refusal with a clear message for a forged code, another meeting's code, a
    cancelled meeting or outside the time."""
    _check_code(citizen, meeting_id, token)

    def command() -> Scan:
        meeting = lock_meeting(meeting_id)
        _check_open_for_check_in(meeting)
        registration = _registration_of(meeting.id, citizen.id)
        walk_in = _walk_in_of(meeting.id, citizen.email)
        let_in_by = walk_in.added_by if walk_in is not None else None
        if walk_in is not None:
            db.session.delete(walk_in)  # confirmed: the registration says the rest
        if registration is not None and registration.status is RegistrationStatus.ATTENDED:
            return Scan(meeting, already=True)
        had_seat = registration is not None and registration.status in (
            RegistrationStatus.SIGNED_UP, RegistrationStatus.NO_SHOW)
        walked_in = let_in_by is not None and not had_seat
        if not had_seat and not walked_in:
            check_may_join(citizen, meeting)
            if free_seats_at(meeting) == 0:
                raise Refusal(_l("The meeting is full. Talk to the group leader: they can "
                                 "check you in."))
        if registration is None:
            registration = Registration(meeting_id=meeting.id, citizen_id=citizen.id)
            db.session.add(registration)
        was_waiting = registration.status is RegistrationStatus.WAITLISTED
        if walked_in:
            _attended(registration, let_in_by, CheckInMethod.WALK_IN)
        else:
            _attended(registration, citizen, CheckInMethod.SELF_QR)
        db.session.flush()
        if was_waiting:
            renumber_waiting(waiting_list(meeting.id))
        if walked_in:
            record(let_in_by, AuditAction.CHANGE, "registration", PURPOSE_ATTENDANCE,
                   subject=citizen, object_id=registration.id)
            log.info("citizen %s confirmed the walk-in by staff %s at meeting %s",
                     citizen.id, let_in_by.id, meeting.id)
        else:
            log.info("citizen %s checked in to meeting %s", citizen.id, meeting.id)
        return Scan(meeting, already=False)

    return in_transaction(command)


def qr_svg(url: str, title: str) -> str:
    """The QR code for a check-in address as inline SVG."""
    import segno  # only the QR page needs it

    code = segno.make(url, error="m")
    return code.svg_inline(scale=1, omitsize=True, svgclass="app-qr", title=title,
                           border=4)
