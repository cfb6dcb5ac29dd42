"""Queries and commands about goals: the citizen's own, and the shared ones staff may see."""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import NotFound

from webapp.core import Refusal, local_day
from webapp.enrolments.models import CURRENT_ENROLMENT, Enrolment
from webapp.extensions import db
from webapp.goals.forms import FOLLOW_UP_DAYS, GOAL_TYPES, STATUSES, THEMES
from webapp.goals.models import CheckIn, Goal, GoalStatus, GoalTheme, GoalType
from webapp.goals.progress import Judgement, judge
from webapp.meetings.models import Meeting, Registration
from webapp.offers.models import Offer
from webapp.staff import access
from webapp.types import utcnow

#: Hjem and the counsellors' Today page show follow-ups due within this many days
FOLLOW_UP_SOON_DAYS = 14
#: how many goals Hjem offers a check-in for
HOME_GOALS = 3
#: the states a citizen can move a goal between with one tap (archiving has its own step)
SETTABLE = {
    GoalStatus.ACTIVE: {GoalStatus.PAUSED, GoalStatus.ACHIEVED},
    GoalStatus.PAUSED: {GoalStatus.ACTIVE, GoalStatus.ACHIEVED},
    GoalStatus.ACHIEVED: {GoalStatus.ACTIVE},
    GoalStatus.ARCHIVED: set(),
}
#: goals that are still being worked on: followed up, shown to staff as due
OPEN = (GoalStatus.ACTIVE, GoalStatus.PAUSED)


def today() -> date:
    """Today in Copenhagen."""
    return local_day(utcnow())


def default_follow_up() -> date:
    """A new goal is followed up a year from today, unless the citizen chooses earlier."""
    return today() + timedelta(days=FOLLOW_UP_DAYS)


def _goal_options():
    """A goal's group (joined) and its check-ins, oldest first (one more query for all the
    goals of a list)."""
    return (joinedload(Goal.offer), selectinload(Goal.check_ins))


class Judged(NamedTuple):
    """A goal and how it is going, for the pages that show several."""

    goal: Goal
    judgement: Judgement


def judged(goals: list[Goal]) -> list[Judged]:
    """Each goal with the judgement of its check-ins against its goal type."""
    return [Judged(goal, judge(goal.goal_type, goal.check_ins)) for goal in goals]


def goals_of(citizen, archived: bool = False) -> list[Goal]:
    """The citizen's goals with their check-ins and group (two queries), newest first; the
    archived ones too when asked."""
    query = (
        select(Goal)
        .where(Goal.citizen_id == citizen.id)
        .options(*_goal_options())
        .order_by(Goal.created_at.desc(), Goal.id.desc())
    )
    if not archived:
        query = query.where(Goal.status != GoalStatus.ARCHIVED)
    return list(db.session.scalars(query))


def own_goal(citizen, goal_id: int) -> Goal:
    """The citizen's own goal with its check-ins, or a 404 (also for another's goal)."""
    goal = db.session.scalar(
        select(Goal).where(Goal.id == goal_id, Goal.citizen_id == citizen.id)
        .options(*_goal_options()))
    if goal is None:
        raise NotFound()
    return goal


def courses_of(citizen, keep_offer_id: int | None = None) -> list[Offer]:
    """The groups a goal can be linked to: those the citizen is enrolled in or has been
    signed up for, and the goal's current group."""
    enrolled = select(Enrolment.offer_id).where(
        Enrolment.citizen_id == citizen.id,
        Enrolment.status.in_(CURRENT_ENROLMENT))
    registered = (select(Meeting.offer_id)
                  .join(Registration, Registration.meeting_id == Meeting.id)
                  .where(Registration.citizen_id == citizen.id))
    query = select(Offer).where(or_(Offer.id.in_(enrolled), Offer.id.in_(registered),
                                    Offer.id == keep_offer_id)).order_by(Offer.title)
    return list(db.session.scalars(query))


def create_goal(citizen, **values) -> Goal:
    """Save a new goal for the citizen."""
    goal = Goal(citizen_id=citizen.id, status=GoalStatus.ACTIVE, **values)
    db.session.add(goal)
    db.session.commit()
    return goal


def update_goal(goal: Goal, **values) -> Goal:
    """Save changes to a goal's words, theme, type, group and dates, and its sharing."""
    for name, value in values.items():
        setattr(goal, name, value)
    db.session.commit()
    return goal


def add_check_in(goal: Goal, author, score: int, note: str | None = None) -> CheckIn:
    """Record how it is going (by the citizen, or a counsellor together with them)."""
    if goal.status is not GoalStatus.ACTIVE:
        raise Refusal(_l("The goal is not active. Start it again to check in."))
    check_in = CheckIn(goal=goal, author_id=author.id, score=score, note=note or None,
                       at=utcnow())
    db.session.add(check_in)
    db.session.commit()
    return check_in


def set_status(goal: Goal, status: GoalStatus | None) -> Goal:
    """Pause, start again, or mark achieved; 409 for a change the rules do not allow."""
    if status not in SETTABLE[goal.status]:
        raise Refusal(_l("The goal cannot be changed like that now."))
    goal.status = status
    db.session.commit()
    return goal


def archive(goal: Goal) -> GoalStatus:
    """Put a goal away (never deleted); returns the state to undo to."""
    before = goal.status
    if before is GoalStatus.ARCHIVED:
        raise Refusal(_l("The goal is already archived."))
    goal.status = GoalStatus.ARCHIVED
    db.session.commit()
    return before


def restore(goal: Goal, status: GoalStatus = GoalStatus.ACTIVE) -> Goal:
    """Take an archived goal back, to the state it had before (active by default)."""
    if goal.status is not GoalStatus.ARCHIVED:
        raise Refusal(_l("The goal is not archived."))
    goal.status = status
    db.session.commit()
    return goal


def set_sharing(goal: Goal, shared: bool) -> Goal:
    """Share the goal with the counsellor, or stop; staff queries read it at once."""
    goal.shared_with_staff = shared
    db.session.commit()
    return goal


def is_due(goal: "Goal | HomeGoal", on: date | None = None) -> bool:
    """The goal's follow-up is within two weeks, or has passed."""
    return (goal.status in OPEN and
            goal.next_follow_up <= (on or today()) + timedelta(days=FOLLOW_UP_SOON_DAYS))


# -- Hjem ----------------------------------------------------------------------------------

class HomeGoal(NamedTuple):
    """An open goal as Hjem shows it, with its check-ins (rows with `at` and `score`) oldest
    first. Its fields are the first columns of open_goals_of's query, in order."""

    id: int
    title: str
    theme: GoalTheme
    goal_type: GoalType
    status: GoalStatus
    created_at: datetime
    next_follow_up: date
    check_ins: tuple


@dataclass
class HomeGoals:
    """What Hjem shows about goals: a few to check in on, counts by outcome, and the goals
    due for follow-up."""

    to_check_in: list[HomeGoal] = field(default_factory=list)
    judgements: dict[int, Judgement] = field(default_factory=dict)
    active: int = 0
    #: how many active goals have each outcome, by Outcome value ('on_track', ...)
    outcomes: Counter = field(default_factory=Counter)
    due: list[HomeGoal] = field(default_factory=list)


def open_goals_of(citizen) -> list[HomeGoal]:
    """The citizen's active and paused goals with their check-ins, newest goal first, in one
    query (a row per check-in)."""
    query = (
        select(Goal.id, Goal.title, Goal.theme, Goal.goal_type, Goal.status, Goal.created_at,
               Goal.next_follow_up, CheckIn.at, CheckIn.score)
        .outerjoin(CheckIn, CheckIn.goal_id == Goal.id)
        .where(Goal.citizen_id == citizen.id, Goal.status.in_(OPEN))
        .order_by(Goal.created_at.desc(), Goal.id.desc(), CheckIn.at, CheckIn.id)
    )
    rows = db.session.execute(query).all()
    return [HomeGoal(*group[0][:7], tuple(row for row in group if row.at is not None))
            for group in (list(g) for _id, g in groupby(rows, key=attrgetter("id")))]


def home_goals(citizen, limit: int = HOME_GOALS) -> HomeGoals:
    """The citizen's active goals for Hjem, longest since a check-in first (one query)."""
    goals = open_goals_of(citizen)
    active = [g for g in goals if g.status is GoalStatus.ACTIVE]
    judgements = {g.id: judge(g.goal_type, g.check_ins) for g in goals}

    def last_check_in(goal):
        return goal.check_ins[-1].at if goal.check_ins else goal.created_at

    on = today()
    return HomeGoals(
        to_check_in=sorted(active, key=last_check_in)[:limit],
        judgements=judgements,
        active=len(active),
        outcomes=Counter(judgements[g.id].outcome.value for g in active),
        due=sorted((g for g in goals if is_due(g, on)), key=lambda g: g.next_follow_up),
    )


# -- Export ---------------------------------------------------------------------------------

def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def goals_csv(goals: list[Goal]) -> str:
    """The goals and their check-ins, one row per check-in; semicolons and a byte order mark
    so Danish spreadsheets open it right."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Goal"), _("Theme"), _("Goal type"), _("Status"), _("Group"),
                     _("Target date"), _("Next follow-up"), _("Shared with counsellor"),
                     _("Check-in date"), _("Score (1-10)"), _("Note")])
    for goal in goals:
        about = [goal.title, THEMES[goal.theme][0], GOAL_TYPES[goal.goal_type][0],
                 STATUSES[goal.status], goal.offer.title if goal.offer else "",
                 goal.target_date.isoformat() if goal.target_date else "",
                 goal.next_follow_up.isoformat(),
                 _("Yes") if goal.shared_with_staff else _("No")]
        rows = [[local_day(c.at).isoformat(), c.score, c.note] for c in goal.check_ins]
        for row in rows or [["", "", ""]]:
            writer.writerow([_cell(v) for v in about + row])
    return "\ufeff" + out.getvalue()


# -- Staff: only shared goals of citizens in the counsellor's groups ------------------------

def _shared():
    return select(Goal).where(Goal.shared_with_staff.is_(True),
                              Goal.status != GoalStatus.ARCHIVED)


def shared_goals_of(staff, citizen_id: int) -> list[Goal]:
    """The goals this citizen shares, with check-ins, if the citizen is in one of the staff
    member's groups (an admin: any citizen); else nothing. Archived goals are put away."""
    if not access.in_groups_of(staff, citizen_id):
        return []
    query = (_shared().where(Goal.citizen_id == citizen_id).options(*_goal_options())
             .order_by(Goal.created_at.desc(), Goal.id.desc()))
    return list(db.session.scalars(query))


def goal_for_staff(staff, goal_id: int) -> Goal:
    """One shared goal with its check-ins, or NotFound unless the citizen shares it and is
    in the staff member's groups (an admin: any shared goal). The caller records the look-up
    in the audit trail."""
    goal = db.session.scalar(_shared().where(Goal.id == goal_id).options(*_goal_options()))
    if goal is None or not access.in_groups_of(staff, goal.citizen_id):
        raise NotFound()
    return goal


def goals_due_for_follow_up(staff) -> list[Goal]:
    """Shared goals of citizens in the staff member's groups that are active or paused and
    due for follow-up within two weeks (or overdue), soonest first, with citizen and
    check-ins."""
    query = (
        _shared()
        .where(Goal.status.in_(OPEN),
               Goal.next_follow_up <= today() + timedelta(days=FOLLOW_UP_SOON_DAYS))
        .options(*_goal_options(), joinedload(Goal.citizen))
        .order_by(Goal.next_follow_up, Goal.id)
    )
    if not staff.is_admin:
        query = query.where(Goal.citizen_id.in_(access.citizen_ids_in_groups_of(staff)))
    return list(db.session.scalars(query))

