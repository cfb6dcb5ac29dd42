"""Queries and commands about goals: the citizen's own, and the shared ones staff may see."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import NotFound

from webapp.auth.models import STAFF_ROLES, User
from webapp.core import Refusal, local_day
from webapp.enrolments.models import CURRENT_ENROLMENT, Enrolment
from webapp.extensions import db
from webapp.goals.forms import FOLLOW_UP_DAYS, GOAL_TYPES, STATUSES, THEMES
from webapp.goals.models import CheckIn, Goal, GoalStatus, GoalTheme, GoalType
from webapp.goals.progress import Judgement, judge
from webapp.meetings.models import Meeting, Registration
from webapp.offers.models import Offer, offer_facilitators
from webapp.spreadsheet import csv_text
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


def create_goal(citizen, form_token: str | None = None, **values) -> Goal:
    """Save a new goal for the citizen, and commit. The same form (`form_token`) sent again
    with the same values, after a moment or at the same moment (a double tap, ten taps),
    gives back the goal it made: the database keeps the form's key unique per citizen."""
    key = _form_key(form_token, values) if form_token else None
    if key and (made := _made_with(citizen, key)) is not None:
        return made
    goal = Goal(citizen_id=citizen.id, status=GoalStatus.ACTIVE, form_key=key, **values)
    db.session.add(goal)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if key and (made := _made_with(citizen, key)) is not None:
            return made
        raise
    return goal


def _form_key(form_token: str, values: dict) -> str:
    """The form and what it was sent with: the same form sent with other words is another
    goal (after the back button, say)."""
    sent = "\n".join(f"{name}={value}" for name, value in sorted(values.items()))
    return hashlib.sha256(f"{form_token}\n{sent}".encode()).hexdigest()


def _made_with(citizen, key: str) -> Goal | None:
    return db.session.scalar(select(Goal).where(Goal.citizen_id == citizen.id,
                                                Goal.form_key == key))


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


def set_sharing(goal: Goal, shared: bool, counsellor_id: int | None = None) -> Goal:
    """Share the goal, or stop; staff queries read it at once. A goal with a group is seen
    by the group's counsellors; one with no group by the counsellor the citizen chose
    (`counsellor_id`, one of counsellors_of)."""
    goal.shared_with_staff = shared
    goal.shared_with_id = counsellor_id if shared and goal.offer_id is None else None
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

def goals_csv(goals: list[Goal]) -> str:
    """The goals and their check-ins, one row per check-in, as CSV (`webapp.spreadsheet`:
    what Danish spreadsheets open right, and no goal in the citizen's words run as a
    formula)."""
    rows: list[list] = [[_("Goal"), _("Theme"), _("Goal type"), _("Status"), _("Group"),
                         _("Target date"), _("Next follow-up"), _("Shared with counsellor"),
                         _("Check-in date"), _("Score (1-10)"), _("Note")]]
    for goal in goals:
        about = [goal.title, THEMES[goal.theme][0], GOAL_TYPES[goal.goal_type][0],
                 STATUSES[goal.status], goal.offer.title if goal.offer else "",
                 goal.target_date.isoformat() if goal.target_date else "",
                 goal.next_follow_up.isoformat(),
                 _("Yes") if goal.shared_with_staff else _("No")]
        check_ins = [[local_day(c.at).isoformat(), c.score, c.note] for c in goal.check_ins]
        rows += [about + row for row in check_ins or [["", "", ""]]]
    return csv_text(rows)


# -- Staff: only the goals shared with them (webapp.staff.access.sees_goal) ----------------

def _seen_by(staff):
    return select(Goal).where(access.sees_goal(staff.id))


def shared_goals_of(staff, citizen_id: int) -> list[Goal]:
    """The citizen's goals this staff member may see, with check-ins, newest first: shared,
    not archived, and of a group they run or shared with them by name."""
    query = (_seen_by(staff).where(Goal.citizen_id == citizen_id).options(*_goal_options())
             .order_by(Goal.created_at.desc(), Goal.id.desc()))
    return list(db.session.scalars(query))


def goal_for_staff(staff, goal_id: int) -> Goal:
    """One goal the staff member may see, with its check-ins, or NotFound. The caller
    records the look-up in the audit trail."""
    goal = db.session.scalar(_seen_by(staff).where(Goal.id == goal_id)
                             .options(*_goal_options()))
    if goal is None:
        raise NotFound()
    return goal


def goals_due_for_follow_up(staff) -> list[Goal]:
    """The goals this staff member may see that are active or paused and due for follow-up
    within two weeks (or overdue), soonest first, with citizen and check-ins."""
    query = (
        _seen_by(staff)
        .where(Goal.status.in_(OPEN),
               Goal.next_follow_up <= today() + timedelta(days=FOLLOW_UP_SOON_DAYS))
        .options(*_goal_options(), joinedload(Goal.citizen))
        .order_by(Goal.next_follow_up, Goal.id)
    )
    return list(db.session.scalars(query))


# -- Who sees a goal, said to the citizen ---------------------------------------------------

def viewers_by_goal(goals) -> dict[int, list[User]]:
    """Who can see each goal now, by goal id, in one query: the counsellors the staff pages'
    rule (access.sees_goal) lets see it, alphabetically. What the citizen is told. Nobody
    when a goal is not shared, or archived."""
    query = (select(Goal.id, User).join(Goal, access.sees_goal(User.id))
             .where(Goal.id.in_([goal.id for goal in goals]), User.role.in_(STAFF_ROLES),
                    User.is_active_account.is_(True))
             .order_by(User.name, User.id))
    seen: dict[int, list[User]] = {}
    for goal_id, person in db.session.execute(query):
        seen.setdefault(goal_id, []).append(person)
    return seen


def viewers_of(goal: Goal) -> list[User]:
    """The counsellors who can see this goal now (viewers_by_goal)."""
    return viewers_by_goal([goal]).get(goal.id, [])


def counsellors_of(citizen, keep_id: int | None = None) -> list[User]:
    """The counsellors a citizen can share a goal with no group with: those who run the
    groups the citizen is enrolled in or signed up for (and the one chosen before), by
    name."""
    offers = [offer.id for offer in courses_of(citizen)]
    runs = select(offer_facilitators.c.user_id).where(offer_facilitators.c.offer_id.in_(offers))
    query = (select(User)
             .where(or_(User.id.in_(runs), User.id == keep_id), User.role.in_(STAFF_ROLES),
                    User.is_active_account.is_(True))
             .order_by(User.name, User.id))
    return list(db.session.scalars(query))


def names(people: list[User]) -> str:
    """'Mette og Jonas' / 'Mette and Jonas': first names as a list in the reader's
    language."""
    return format_list([person.first_name for person in people], locale=get_locale())

