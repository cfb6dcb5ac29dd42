"""The roster of a meeting and attendance: the counsellor's marks, walk-ins and the
citizens' own QR check-in.

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
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.audit.models import AuditAction
from webapp.audit.services import record
from webapp.auth.models import Role, User
from webapp.core import Refusal, in_transaction
from webapp.extensions import db
from webapp.meetings.models import CheckInMethod, Meeting, Registration, RegistrationStatus
from webapp.meetings.services import (
    check_may_join,
    free_seats_at,
    has_started,
    lock_meeting,
    promote_waiting,
    renumber_waiting,
    waiting_list,
)
from webapp.offers.models import OfferStatus
from webapp.staff.services import Counts
from webapp.types import utcnow

log = logging.getLogger(__name__)

#: the QR code works from this long before the meeting starts until it ends
CHECK_IN_OPENS = timedelta(minutes=30)
#: itsdangerous salt: a check-in token is good for nothing else signed with the secret key
TOKEN_SALT = "sammen.meeting-check-in"
#: what the citizen reads in "Who has looked at my data" (stored in Danish, like the others)
PURPOSE_ATTENDANCE = "Registrering af dit fremmøde"

#: the marks a counsellor can give, in the order of the buttons
MARKS = (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT, RegistrationStatus.NO_SHOW)
#: who is listed as a participant (the waiting list is listed on its own)
PARTICIPANT_STATUSES = (RegistrationStatus.SIGNED_UP, *MARKS)


# -- The roster --------------------------------------------------------------------------------

@dataclass
class Roster:
    """One meeting's registrations: participants by name, then the waiting list in order."""

    participants: list[Registration]
    waiting: list[Registration]

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
    return Roster(participants=participants, waiting=waiting)


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


def citizen_by_email(email: str) -> User | None:
    """The active citizen with this e-mail (any case: e-mails are stored in lower case), or
    None."""
    return db.session.scalar(
        select(User).where(User.email == email.strip().lower(),
                           User.role == Role.CITIZEN, User.is_active_account))


def add_walk_in(staff, meeting_id: int, citizen: User) -> tuple[Registration, bool]:
    """A citizen who came without a seat: add them to the meeting as attended (the
    counsellor decides at the door, so the number of seats does not stop it), and commit.
    Returns (the registration, whether it is new); one already marked attended stays so."""

    def command() -> tuple[Registration, bool]:
        meeting = lock_meeting(meeting_id)
        if meeting.is_cancelled:
            raise Refusal(_l("The meeting is cancelled, so there is no attendance to take."))
        if utcnow() < window(meeting)[0]:
            raise Refusal(_l("You can take attendance from 30 minutes before the meeting "
                             "starts."))
        registration = _registration_of(meeting.id, citizen.id)
        is_new = registration is None
        if is_new:
            registration = Registration(meeting_id=meeting.id, citizen_id=citizen.id,
                                        status=RegistrationStatus.SIGNED_UP)
            db.session.add(registration)
        changed = _attended(registration, staff, CheckInMethod.WALK_IN if is_new
                            else CheckInMethod.STAFF)
        db.session.flush()
        if changed:
            record(staff, AuditAction.CHANGE, "registration", PURPOSE_ATTENDANCE,
                   subject=citizen, object_id=registration.id)
            log.info("staff %s added citizen %s to meeting %s at the door", staff.id,
                     citizen.id, meeting.id)
        return registration, changed

    return in_transaction(command)


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
    """A citizen's check-in: the meeting, and whether they were already checked in."""

    meeting: Meeting
    already: bool


def check_in_by_scan(citizen, meeting_id: int, token: str) -> Scan:
    """The citizen scanned a meeting's QR code: mark them attended (signing them up first
    if they had no seat and may join), and commit. Raises Refusal with a clear message for a
    forged code, another meeting's code, a cancelled meeting or outside the time."""
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

    def command() -> Scan:
        meeting = lock_meeting(meeting_id)
        if meeting.offer.status is OfferStatus.DRAFT:
            raise Refusal(_l("This QR code does not work. Scan the code the group leader "
                             "shows you again, or ask them to check you in."), 400)
        if meeting.is_cancelled:
            raise Refusal(_l("This meeting is cancelled, so you cannot check in."))
        opens, closes = window(meeting)
        now = utcnow()
        if now < opens:
            raise Refusal(_l("It is too early to check in. You can check in from 30 minutes "
                             "before the meeting starts."))
        if now > closes:
            raise Refusal(_l("The meeting is over, so you can no longer check in."))
        registration = _registration_of(meeting.id, citizen.id)
        if registration is not None and registration.status is RegistrationStatus.ATTENDED:
            return Scan(meeting, already=True)
        had_seat = registration is not None and registration.status in (
            RegistrationStatus.SIGNED_UP, RegistrationStatus.NO_SHOW)
        if not had_seat:
            check_may_join(citizen, meeting)
            if free_seats_at(meeting) == 0:
                raise Refusal(_l("The meeting is full. Talk to the group leader: they can "
                                 "check you in."))
            if registration is None:
                registration = Registration(meeting_id=meeting.id, citizen_id=citizen.id)
                db.session.add(registration)
        was_waiting = registration.status is RegistrationStatus.WAITLISTED
        _attended(registration, citizen, CheckInMethod.SELF_QR)
        db.session.flush()
        if was_waiting:
            renumber_waiting(waiting_list(meeting.id))
        log.info("citizen %s checked in to meeting %s", citizen.id, meeting.id)
        return Scan(meeting, already=False)

    return in_transaction(command)


def qr_svg(url: str, title: str) -> str:
    """The QR code for a check-in address as inline SVG."""
    import segno  # only the QR page needs it


    code = segno.make(url, error="m")
    return code.svg_inline(scale=1, omitsize=True, svgclass="app-qr", title=title,
                           border=4)
