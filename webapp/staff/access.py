"""Who may see what: a counsellor sees the offers they facilitate and the citizens in those
groups; an admin sees everything. Every staff query goes through these rules."""

from sqlalchemy import Select, exists, select, union

from webapp.enrolments.models import Enrolment
from webapp.extensions import db
from webapp.meetings.models import Meeting, Registration
from webapp.offers.models import offer_facilitators
from webapp.referrals.models import Referral


def facilitated_offer_ids(staff) -> Select:
    """The ids of the offers this staff member facilitates."""
    return select(offer_facilitators.c.offer_id).where(offer_facilitators.c.user_id == staff.id)


def facilitates(staff, offer_id: int) -> bool:
    """Whether this staff member may run the offer (an admin may run every offer)."""
    if staff.is_admin:
        return True
    return db.session.scalar(select(exists(
        facilitated_offer_ids(staff).where(offer_facilitators.c.offer_id == offer_id)
    )))


def citizen_ids_in_groups_of(staff) -> Select:
    """The ids of citizens who are signed up for a meeting of, enrolled in, or have asked to
    join an offer this staff member facilitates. A walk-in the counsellor added is not here
    until the citizen checks in with the meeting's code: until then it is a `WalkIn` (an
    e-mail), not a registration (see webapp/staff/attendance.py)."""
    offers = facilitated_offer_ids(staff)
    return union(
        select(Registration.citizen_id)
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .where(Meeting.offer_id.in_(offers)),
        select(Enrolment.citizen_id).where(Enrolment.offer_id.in_(offers)),
        select(Referral.citizen_id).where(Referral.offer_id.in_(offers)),
    )


def in_groups_of(staff, citizen_id: int) -> bool:
    """Whether the citizen is in one of this staff member's groups (an admin sees all)."""
    if staff.is_admin:
        return True
    members = citizen_ids_in_groups_of(staff).subquery()
    return db.session.scalar(select(exists().where(members.c[0] == citizen_id)))
