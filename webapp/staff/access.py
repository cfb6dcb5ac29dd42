"""Who may see what: a counsellor sees the offers they facilitate and the citizens in those
groups, and the inquiries (§ 82 a) to every group their team runs; an admin sees everything
but goals, which only the people the citizen shares them with see (`sees_goal`). Every staff
query goes through these rules.

The team is the municipality's counsellor team (the seeds' "kommunens vejlederteam"): the
team of an offer is everyone who facilitates an offer held in the same municipality (where
the offer's own place is). So an inquiry to a group in Ishøj reaches every counsellor who
runs a group in Ishøj, and only them. Nothing else widens with the team: rosters, meetings,
citizens' pages and goals stay with the group's own counsellors."""

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, union

from webapp.enrolments.models import Enrolment
from webapp.extensions import db
from webapp.goals.models import Goal, GoalStatus
from webapp.meetings.models import Meeting, Registration
from webapp.offers.models import Location, Offer, offer_facilitators
from webapp.referrals.models import Referral


def facilitated_offer_ids(staff) -> Select:
    """The ids of the offers this staff member facilitates."""
    return offers_run_by(staff.id)


def offers_run_by(staff_id) -> Select:
    """The ids of the offers a staff member (an id, or a column such as `User.id`)
    facilitates."""
    # correlate_except: asked with `User.id`, the users table is the enclosing query's, also
    # inside citizen_ids_in's union (where SQLAlchemy does not correlate by itself).
    return (select(offer_facilitators.c.offer_id)
            .where(offer_facilitators.c.user_id == staff_id)
            .correlate_except(offer_facilitators))


def facilitates(staff, offer_id: int) -> bool:
    """Whether this staff member may run the offer (an admin may run every offer)."""
    if staff.is_admin:
        return True
    return db.session.scalar(select(exists(
        facilitated_offer_ids(staff).where(offer_facilitators.c.offer_id == offer_id)
    )))


def team_offer_ids(staff) -> Select:
    """The ids of the offers this staff member's team runs: every offer whose place is in a
    municipality where they facilitate an offer (their own offers among them)."""
    municipalities = (
        select(Location.municipality_id)
        .join(Offer, Offer.location_id == Location.id)
        .where(Offer.id.in_(facilitated_offer_ids(staff)))
    )
    return (
        select(Offer.id)
        .join(Location, Location.id == Offer.location_id)
        .where(Location.municipality_id.in_(municipalities))
    )


def on_team_of(staff, offer_id: int) -> bool:
    """Whether the offer is run by this staff member's team, so they may read and answer its
    inquiries (an admin: every offer)."""
    if staff.is_admin:
        return True
    return db.session.scalar(select(exists(
        team_offer_ids(staff).where(Offer.id == offer_id)
    )))


def citizen_ids_in_groups_of(staff) -> Select:
    """The ids of citizens who are signed up for a meeting of, enrolled in, or have asked to
    join an offer this staff member facilitates. A walk-in the counsellor added is not here
    until the citizen checks in with the meeting's code: until then it is a `WalkIn` (an
    e-mail), not a registration (see webapp/staff/attendance.py)."""
    return citizen_ids_in(facilitated_offer_ids(staff))


def citizen_ids_in(offers: Select) -> Select:
    """The ids of citizens signed up for a meeting of, enrolled in, or asking to join one of
    these offers."""
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


def sees_goal(staff_id) -> ColumnElement[bool]:
    """The one rule for who sees a citizen's goal, as a filter on `Goal`: the citizen shares
    it and has not archived it, is in one of the staff member's groups, and the staff member
    runs the goal's group or, for a goal with no group, is the counsellor the citizen chose.
    `staff_id` is an id, or a column (`User.id`) to ask who sees a goal. No one else, an
    admin neither: the citizen chose whom to share with, and the goal page names them
    (goals.services.viewers_by_goal)."""
    runs = offers_run_by(staff_id)
    return and_(Goal.shared_with_staff.is_(True), Goal.status != GoalStatus.ARCHIVED,
                Goal.citizen_id.in_(citizen_ids_in(runs)),
                or_(Goal.offer_id.in_(runs),
                    and_(Goal.offer_id.is_(None), Goal.shared_with_id == staff_id)))
