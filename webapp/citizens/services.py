"""Citizens in a counsellor's groups: finding them, opening their page (always with a purpose,
always written to the audit trail), and § 85 enrolments.

A counsellor sees only what belongs to the offers they facilitate: the citizen's sign-ups,
enrolments and self-referrals there, and the goals the citizen chose to share. An admin sees
everything. A citizen outside the counsellor's groups does not exist for them (404).
"""

from __future__ import annotations

import enum
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.audit.models import AuditAction, AuditPurpose
from webapp.audit.services import record
from webapp.auth.models import Role, User
from webapp.enrolments.models import (
    CURRENT_ENROLMENT,
    Enrolment,
    EnrolmentChange,
    EnrolmentSource,
    EnrolmentStatus,
    Package,
    SupportLevel,
)
from webapp.enrolments.services import current_enrolment
from webapp.extensions import db
from webapp.goals.models import Goal
from webapp.goals.progress import Judgement, judge
from webapp.goals.services import shared_goals_of
from webapp.meetings.models import Meeting, Registration, RegistrationStatus
from webapp.offers.models import LegalBasis, Offer, OfferStatus
from webapp.paging import Page, page_bounds
from webapp.referrals.models import Referral
from webapp.staff.access import citizen_ids_in_groups_of, facilitated_offer_ids, in_groups_of
from webapp.types import utcnow

log = logging.getLogger(__name__)

PER_PAGE = 30
#: how many of the citizen's meetings the page lists, newest first
MEETINGS_SHOWN = 30


class Purpose(enum.Enum):
    """Why a counsellor opens a citizen's page. The value is the short key in the address;
    `audit_purpose` is what the audit trail keeps, which the citizen reads on their profile
    in their own language."""

    MEETING = "moede"
    GOALS = "maal"
    REFERRAL = "henvendelse"
    ATTENDANCE = "fremmoede"
    COURSE = "forloeb"

    @property
    def label(self) -> str:
        return str(PURPOSE_LABELS[self])

    @property
    def audit_purpose(self) -> AuditPurpose:
        return AUDIT_PURPOSES[self]


PURPOSE_LABELS = {
    Purpose.MEETING: _l("Preparing a meeting"),
    Purpose.GOALS: _l("Following up on goals"),
    Purpose.REFERRAL: _l("Handling a request"),
    Purpose.ATTENDANCE: _l("Recording attendance"),
    Purpose.COURSE: _l("Planning their course"),
}
AUDIT_PURPOSES = {
    Purpose.MEETING: AuditPurpose.MEETING,
    Purpose.GOALS: AuditPurpose.GOALS,
    Purpose.REFERRAL: AuditPurpose.REFERRAL,
    Purpose.ATTENDANCE: AuditPurpose.ATTENDANCE,
    Purpose.COURSE: AuditPurpose.COURSE,
}


def parse_purpose(value: str | None) -> Purpose | None:
    try:
        return Purpose(value)
    except ValueError:
        return None


# -- The list -------------------------------------------------------------------------------


def find_citizens(staff, search: str, page: int) -> Page:
    """The citizens in the staff member's groups (an admin: all) whose name contains the
    search, alphabetically, a page at a time (two queries)."""
    where = [User.role == Role.CITIZEN]
    if not staff.is_admin:
        where.append(User.id.in_(citizen_ids_in_groups_of(staff)))
    if search.strip():
        where.append(func.lower(User.name).contains(search.strip().lower(), autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(User).where(*where))
    page, pages, offset = page_bounds(total, page, PER_PAGE)
    items = db.session.scalars(
        select(User).where(*where).order_by(User.name, User.id).offset(offset).limit(PER_PAGE)
    ).all()
    return Page(items=list(items), page=page, pages=pages, total=total)


# -- The citizen page -----------------------------------------------------------------------

def citizen_for(staff, citizen_id: int) -> User:
    """The citizen, if they are in the staff member's groups; else 404."""
    citizen = db.session.get(User, citizen_id)
    if citizen is None or citizen.role is not Role.CITIZEN or not in_groups_of(staff,
                                                                                citizen_id):
        abort(404)
    return citizen


def record_opening(staff, citizen: User, purpose: Purpose) -> None:
    """Write down that the staff member opened the citizen's page, and why (the caller
    commits). Staying on the page, or opening it again soon for the same reason, is the
    same look-up (webapp.audit.services.record)."""
    record(staff, AuditAction.VIEW, "citizen", purpose.audit_purpose, subject=citizen,
           object_id=citizen.id)


@dataclass
class Attendance:
    """How the citizen's past meetings went, in the offers the staff member sees."""

    attended: int = 0
    absent: int = 0
    no_show: int = 0

    @property
    def total(self) -> int:
        return self.attended + self.absent + self.no_show


@dataclass
class Overview:
    citizen: User
    registrations: list[Registration]
    attendance: Attendance
    enrolments: list[Enrolment]
    referrals: list[Referral]
    #: the goals the citizen shares with staff (the goals domain decides which), each with
    #: the verdict on its progress
    goals: list[tuple[Goal, Judgement]] = field(default_factory=list)
    #: offers the staff member may enrol the citizen in (§ 85, facilitated)
    can_enrol: bool = False


def _in_scope(staff, column):
    """A filter on an offer id column: the offers the staff member facilitates."""
    return true() if staff.is_admin else column.in_(facilitated_offer_ids(staff))


def overview(staff, citizen: User) -> Overview:
    """Everything the citizen page shows, in a fixed number of queries."""
    now = utcnow()
    registrations = list(db.session.scalars(
        select(Registration)
        .join(Registration.meeting)
        .where(Registration.citizen_id == citizen.id, _in_scope(staff, Meeting.offer_id))
        .options(joinedload(Registration.meeting).joinedload(Meeting.offer))
        .order_by(Meeting.starts_at.desc())
        .limit(MEETINGS_SHOWN)
    ))
    counts = Counter(dict(db.session.execute(
        select(Registration.status, func.count())
        .join(Registration.meeting)
        .where(Registration.citizen_id == citizen.id, _in_scope(staff, Meeting.offer_id),
               Meeting.starts_at < now, Meeting.cancelled_at.is_(None))
        .group_by(Registration.status)
    ).tuples().all()))
    attendance = Attendance(attended=counts[RegistrationStatus.ATTENDED],
                            absent=counts[RegistrationStatus.ABSENT],
                            no_show=counts[RegistrationStatus.NO_SHOW])
    enrolments = list(db.session.scalars(
        select(Enrolment)
        .where(Enrolment.citizen_id == citizen.id, _in_scope(staff, Enrolment.offer_id))
        .options(joinedload(Enrolment.offer),
                 selectinload(Enrolment.changes).joinedload(EnrolmentChange.changed_by))
        .order_by(Enrolment.starts_on.desc(), Enrolment.id.desc())
    ))
    referrals = list(db.session.scalars(
        select(Referral)
        .where(Referral.citizen_id == citizen.id, _in_scope(staff, Referral.offer_id))
        .options(joinedload(Referral.offer))
        .order_by(Referral.received_at.desc())
    ))
    return Overview(citizen=citizen, registrations=registrations, attendance=attendance,
                    enrolments=enrolments, referrals=referrals,
                    goals=[(goal, judge(goal.goal_type, goal.check_ins))
                           for goal in shared_goals_of(staff, citizen.id)],
                    can_enrol=bool(enrollable_offers(staff)))


# -- Enrolments (§ 85) ----------------------------------------------------------------------

class EnrolmentRefused(Exception):
    """An enrolment change the rules do not allow; the message says why."""

    def __init__(self, message, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def enrollable_offers(staff) -> list[Offer]:
    """The § 85 courses the staff member can enrol citizens in: the ones they facilitate
    (an admin: all) that are not archived."""
    return list(db.session.scalars(
        select(Offer)
        .where(Offer.legal_basis == LegalBasis.S85, Offer.status != OfferStatus.ARCHIVED,
               _in_scope(staff, Offer.id))
        .order_by(Offer.title, Offer.id)
    ))


def enrol(staff, citizen: User, offer: Offer, package: Package, level: SupportLevel,
          starts_on: date) -> Enrolment:
    """Enrol the citizen in a § 85 course with a package and a support level, and commit.
    One current enrolment per citizen and course: a second one is refused, also when two
    counsellors press the button at the same moment (the database's unique index)."""
    already = _l("%(name)s is already in %(course)s. End that enrolment first.",
                 name=citizen.name, course=offer.title)
    if current_enrolment(citizen.id, offer.id) is not None:
        raise EnrolmentRefused(already)
    enrolment = Enrolment(citizen_id=citizen.id, offer_id=offer.id,
                          status=EnrolmentStatus.ACTIVE, source=EnrolmentSource.COUNSELLOR,
                          package=package, support_level=level, starts_on=starts_on)
    db.session.add(enrolment)
    try:
        db.session.flush()
    except IntegrityError:
        # Another counsellor enrolled them a moment ago: the partial unique index said no.
        db.session.rollback()
        raise EnrolmentRefused(already) from None
    record(staff, AuditAction.CHANGE, "enrolment", AuditPurpose.ENROLMENT, subject=citizen,
           object_id=enrolment.id)
    db.session.commit()
    log.info("staff %s enrolled citizen %s in offer %s (%s, %s)", staff.id, citizen.id,
             offer.id, package.value, level.value)
    return enrolment


def enrolment_for(staff, citizen: User, enrolment_id: int) -> Enrolment:
    """The citizen's enrolment in an offer the staff member facilitates; else 404."""
    enrolment = db.session.scalar(
        select(Enrolment)
        .where(Enrolment.id == enrolment_id, Enrolment.citizen_id == citizen.id,
               _in_scope(staff, Enrolment.offer_id))
        .options(joinedload(Enrolment.offer))
    )
    if enrolment is None:
        abort(404)
    return enrolment


def end_enrolment(staff, enrolment: Enrolment, status: EnrolmentStatus, ends_on: date) -> None:
    """End a current enrolment as completed or withdrawn on a date, and commit."""
    if enrolment.status not in CURRENT_ENROLMENT:
        raise EnrolmentRefused(_l("This enrolment has already ended."))
    enrolment.status = status
    enrolment.ends_on = ends_on
    record(staff, AuditAction.CHANGE, "enrolment", AuditPurpose.ENROLMENT_END,
           subject=enrolment.citizen,
           object_id=enrolment.id)
    db.session.commit()
    log.info("staff %s ended enrolment %s as %s", staff.id, enrolment.id, status.value)


def support_of(citizen: User) -> list[Enrolment]:
    """The citizen's current enrolments with a § 85 package or support level, for their
    profile."""
    return list(db.session.scalars(
        select(Enrolment)
        .where(Enrolment.citizen_id == citizen.id, Enrolment.status.in_(CURRENT_ENROLMENT),
               (Enrolment.package.is_not(None)) | (Enrolment.support_level.is_not(None)))
        .options(joinedload(Enrolment.offer))
        .order_by(Enrolment.starts_on.desc())
    ))
