"""Statistics for a period, per offer and overall: the municipalities' own aims (develop
skills, shorter courses, better use of counsellors) in numbers.

Definitions (the page shows them too):

- Attendance: the registrations of meetings held in the period (started before now, not
  cancelled) that were marked attended, called in absent (afbud) or no-show. The attendance
  rate is attended / all three; absence with notice and no-show likewise. A sign-up nobody
  marked yet, and the waiting list (also one the citizen left), do not count.
- Afbud by reason: those afbud by the reason the citizen chose (or none), for all the
  offers shown; each reason's number is about the citizens who gave it.
- Course length: enrolments that ended (completed or stopped early) in the period, from their
  start date to their end date, in days: the average and the median.
- Active participants per counsellor-hour: the number of times a citizen came to a meeting,
  divided by the counsellor-hours of the meetings held: each meeting's length in hours times
  the number of counsellors who run the offer.
- Goal outcomes: the goals the staff member may see (shared with them: of a group they run,
  or chosen by name) that had a check-in in the period, judged on their check-ins up to the
  end of the period by the goal logic (`webapp.goals.progress.judge`); the share on track of
  those that could be judged (too early to say is left out).
- Referral answers: the 14-day promise (`webapp.referrals.services.promise_kept`, the same
  as the staff start page's): of the requests received in the period whose answer is due,
  the share answered by their answer-by date; one still unanswered after it counts as late.

Privacy: a number about fewer than 5 citizens is not shown ("fewer than 5").

The loading runs a fixed number of queries; the computing is pure (plain rows in, numbers
out), so a test can check it against numbers worked out by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import mean, median

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from webapp.core import COPENHAGEN
from webapp.enrolments.models import Enrolment, EnrolmentStatus
from webapp.extensions import db
from webapp.goals.models import CheckIn, Goal, GoalType
from webapp.goals.progress import Outcome, judge
from webapp.meetings.models import AbsenceReason, Meeting, Registration, RegistrationStatus
from webapp.meetings.services import reason_name
from webapp.offers.models import Offer, OfferStatus, offer_facilitators
from webapp.referrals.services import PromiseKept, promise_kept
from webapp.spreadsheet import csv_text
from webapp.staff.access import facilitated_offer_ids, sees_goal
from webapp.types import utcnow

#: numbers about fewer citizens than this are suppressed
MIN_CITIZENS = 5
DEFAULT_DAYS = 90
#: the longest period one page computes
MAX_DAYS = 3 * 366
RECORDED = (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT, RegistrationStatus.NO_SHOW)
ENDED = (EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN)


@dataclass(frozen=True)
class Period:
    """Whole days in Copenhagen, both ends included."""

    since: date
    until: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time.min, COPENHAGEN)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.until + timedelta(days=1), time.min, COPENHAGEN)


def default_period(today: date) -> Period:
    """The last 90 days, today included."""
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today)


def suppressed(citizens: int) -> bool:
    """Too few citizens to show a number without pointing at someone."""
    return 0 < citizens < MIN_CITIZENS


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# -- Pure computations ----------------------------------------------------------------------

@dataclass
class Attendance:
    citizens: int = 0
    attended: int = 0
    absent: int = 0
    no_show: int = 0
    counsellor_hours: float = 0.0

    @property
    def recorded(self) -> int:
        return self.attended + self.absent + self.no_show

    @property
    def attendance_rate(self) -> float | None:
        return share(self.attended, self.recorded)

    @property
    def absence_rate(self) -> float | None:
        return share(self.absent, self.recorded)

    @property
    def no_show_rate(self) -> float | None:
        return share(self.no_show, self.recorded)

    @property
    def per_counsellor_hour(self) -> float | None:
        return self.attended / self.counsellor_hours if self.counsellor_hours else None

    @property
    def suppressed(self) -> bool:
        return suppressed(self.citizens)


def attendance(registrations: Iterable[tuple[int, RegistrationStatus]],
               meetings: Iterable[tuple[float, int]]) -> Attendance:
    """From (citizen id, status) of marked registrations and (hours, counsellors) of held
    meetings."""
    result = Attendance()
    citizens = set()
    for citizen_id, status in registrations:
        citizens.add(citizen_id)
        if status is RegistrationStatus.ATTENDED:
            result.attended += 1
        elif status is RegistrationStatus.ABSENT:
            result.absent += 1
        elif status is RegistrationStatus.NO_SHOW:
            result.no_show += 1
    result.citizens = len(citizens)
    result.counsellor_hours = sum(hours * counsellors for hours, counsellors in meetings)
    return result


@dataclass
class ReasonCount:
    """The afbud given with one reason (None: no reason), and by how many citizens."""

    reason: AbsenceReason | None
    afbud: int = 0
    citizens: int = 0
    #: of all the afbud counted
    share: float | None = None

    @property
    def suppressed(self) -> bool:
        return suppressed(self.citizens)


def absence_reasons(afbud: Iterable[tuple[int, AbsenceReason | None]]) -> list[ReasonCount]:
    """From (citizen id, reason) of afbud: one row per reason in the form's order, then no
    reason; reasons nobody gave are left out."""
    rows = {reason: ReasonCount(reason) for reason in (*AbsenceReason, None)}
    citizens = defaultdict(set)
    for citizen_id, reason in afbud:
        rows[reason].afbud += 1
        citizens[reason].add(citizen_id)
    total = sum(row.afbud for row in rows.values())
    for reason, row in rows.items():
        row.citizens = len(citizens[reason])
        row.share = share(row.afbud, total)
    return [row for row in rows.values() if row.afbud]


@dataclass
class CourseLength:
    citizens: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def average(self) -> float | None:
        return mean(self.days) if self.days else None

    @property
    def median(self) -> float | None:
        return median(self.days) if self.days else None

    @property
    def suppressed(self) -> bool:
        return suppressed(self.citizens)


def course_length(enrolments: Iterable[tuple[int, date, date]]) -> CourseLength:
    """From (citizen id, start date, end date) of the enrolments that ended."""
    rows = list(enrolments)
    return CourseLength(citizens=len({row[0] for row in rows}),
                        days=sorted((ends_on - starts_on).days for _c, starts_on, ends_on in rows))


@dataclass
class GoalOutcome:
    goal_type: GoalType
    citizens: int = 0
    on_track: int = 0
    not_yet: int = 0
    too_early: int = 0

    @property
    def judged(self) -> int:
        return self.on_track + self.not_yet

    @property
    def on_track_rate(self) -> float | None:
        return share(self.on_track, self.judged)

    @property
    def suppressed(self) -> bool:
        return suppressed(self.citizens)


def goal_outcomes(goals: Iterable[tuple[int, GoalType, Sequence]], period: Period
                  ) -> list[GoalOutcome]:
    """From (citizen id, goal type, check-ins) of shared goals: those with a check-in in
    the period, judged on their check-ins up to its end; one row per goal type."""
    results = {goal_type: GoalOutcome(goal_type) for goal_type in GoalType}
    citizens = defaultdict(set)
    for citizen_id, goal_type, check_ins in goals:
        until = [c for c in check_ins if c.at < period.end]
        if not any(c.at >= period.start for c in until):
            continue
        row = results[goal_type]
        citizens[goal_type].add(citizen_id)
        outcome = judge(goal_type, until).outcome
        if outcome is Outcome.ON_TRACK:
            row.on_track += 1
        elif outcome is Outcome.NOT_YET:
            row.not_yet += 1
        else:
            row.too_early += 1
    for goal_type, row in results.items():
        row.citizens = len(citizens[goal_type])
    return list(results.values())


# -- Loading --------------------------------------------------------------------------------

@dataclass
class OfferRow:
    """One offer, or all of them (offer_id None)."""

    offer_id: int | None
    #: None for all offers together
    title: str | None
    attendance: Attendance
    length: CourseLength


@dataclass
class Report:
    period: Period
    offers: list[OfferRow]
    overall: OfferRow
    goals: list[GoalOutcome]
    referrals: PromiseKept
    #: afbud by reason, for all the offers together
    reasons: list[ReasonCount] = field(default_factory=list)

    @property
    def referrals_suppressed(self) -> bool:
        # Each inquiry is one citizen's (one open inquiry per citizen and offer).
        return suppressed(self.referrals.due)


def offers_in_scope(staff) -> list[Offer]:
    """The offers whose numbers the staff member may see: their own (an admin: all), not
    drafts."""
    where = [Offer.status != OfferStatus.DRAFT]
    if not staff.is_admin:
        where.append(Offer.id.in_(facilitated_offer_ids(staff)))
    return list(db.session.scalars(select(Offer).where(*where).order_by(Offer.title, Offer.id)))


def report(staff, period: Period, offers: list[Offer]) -> Report:
    """The numbers for these offers (already limited to what the staff member may see), in
    a fixed number of queries."""
    ids = [offer.id for offer in offers]
    now = utcnow()
    held = [Meeting.offer_id.in_(ids), Meeting.starts_at >= period.start,
            Meeting.starts_at < min(period.end, now), Meeting.cancelled_at.is_(None)]
    registrations = db.session.execute(
        select(Meeting.offer_id, Registration.citizen_id, Registration.status,
               Registration.absence_reason)
        .join(Registration.meeting).where(*held, Registration.status.in_(RECORDED))
    ).all()
    counsellors = dict(db.session.execute(
        select(offer_facilitators.c.offer_id, func.count())
        .where(offer_facilitators.c.offer_id.in_(ids)).group_by(offer_facilitators.c.offer_id)
    ).tuples().all())
    meetings = db.session.execute(
        select(Meeting.offer_id, Meeting.starts_at, Meeting.ends_at)
        .where(*held)
    ).all()
    enrolments = db.session.execute(
        select(Enrolment.offer_id, Enrolment.citizen_id, Enrolment.starts_on, Enrolment.ends_on)
        .where(Enrolment.offer_id.in_(ids), Enrolment.status.in_(ENDED),
               Enrolment.ends_on >= period.since, Enrolment.ends_on <= period.until)
    ).all()

    by_offer = defaultdict(lambda: {"registrations": [], "meetings": [], "enrolments": []})
    for offer_id, citizen_id, status, _reason in registrations:
        by_offer[offer_id]["registrations"].append((citizen_id, status))
    for offer_id, starts_at, ends_at in meetings:
        hours = (ends_at - starts_at).total_seconds() / 3600
        by_offer[offer_id]["meetings"].append((hours, counsellors.get(offer_id, 0)))
    for offer_id, citizen_id, starts_on, ends_on in enrolments:
        by_offer[offer_id]["enrolments"].append((citizen_id, starts_on, ends_on))

    def row(offer_id, title, parts) -> OfferRow:
        return OfferRow(offer_id, title, attendance(parts["registrations"], parts["meetings"]),
                        course_length(parts["enrolments"]))

    rows = [row(offer.id, offer.title, by_offer[offer.id]) for offer in offers
            if offer.id in by_offer]
    everything = {key: [item for parts in by_offer.values() for item in parts[key]]
                  for key in ("registrations", "meetings", "enrolments")}
    overall = row(None, None, everything)
    return Report(period=period, offers=rows, overall=overall,
                  goals=goal_outcomes(_shared_goals(staff, ids, len(offers) == 1, period),
                                      period),
                  referrals=promise_kept(period.start, period.end, ids),
                  reasons=absence_reasons((r.citizen_id, r.absence_reason) for r in registrations
                                          if r.status is RegistrationStatus.ABSENT))


def _shared_goals(staff, ids: list[int], one_offer: bool, period: Period
                  ) -> list[tuple[int, GoalType, list]]:
    """The goals the staff member may see (webapp.staff.access.sees_goal: the rule of every
    staff page) with a check-in in the period, with their check-ins (two queries); for one
    offer, only the goals linked to it."""
    scope = Goal.offer_id.in_(ids) if one_offer else true()
    goals = db.session.scalars(
        select(Goal).where(scope, sees_goal(staff.id),
                           Goal.id.in_(select(CheckIn.goal_id).where(
                               CheckIn.at >= period.start, CheckIn.at < period.end)))
        .options(selectinload(Goal.check_ins))
    ).all()
    return [(goal.citizen_id, goal.goal_type, goal.check_ins) for goal in goals]


# -- CSV --------------------------------------------------------------------------------------

def _number(value: float | None, suppress: bool, percent: bool = False) -> str:
    if suppress:
        return _("fewer than 5")
    if value is None:
        return ""
    return format_decimal(value * 100 if percent else value, format="#,##0.0")


def report_csv(result: Report, goal_type_names: dict) -> str:
    """The report as CSV (`webapp.spreadsheet`: semicolons, and no offer title run as a
    formula)."""
    rows: list[list] = [
        [_("Period"), result.period.since.isoformat(), result.period.until.isoformat()], [],
        [_("Offer"), _("Citizens"), _("Attendance rate (%)"), _("Absence with notice (%)"),
         _("No-show (%)"), _("Active participants per counsellor-hour"), _("Courses ended"),
         _("Average course length (days)"), _("Median course length (days)")],
    ]
    for row in [*result.offers, result.overall]:
        a, length = row.attendance, row.length
        hidden = a.suppressed
        rows.append([
            row.title or _("All offers"), _("fewer than 5") if hidden else a.citizens,
            _number(a.attendance_rate, hidden, True), _number(a.absence_rate, hidden, True),
            _number(a.no_show_rate, hidden, True), _number(a.per_counsellor_hour, hidden),
            _("fewer than 5") if length.suppressed else length.count,
            _number(length.average, length.suppressed), _number(length.median, length.suppressed),
        ])
    rows += [[], [_("Goal type"), _("Goals judged"), _("On track (%)"), _("Too early to say")]]
    for goal in result.goals:
        rows.append([goal_type_names[goal.goal_type],
                     _("fewer than 5") if goal.suppressed else goal.judged,
                     _number(goal.on_track_rate, goal.suppressed, True),
                     _("fewer than 5") if goal.suppressed else goal.too_early])
    kept, hidden = result.referrals, result.referrals_suppressed
    rows += [[], [_("Referrals answered"), _("Late and not answered yet"),
                  _("Answered within 14 days (%)"), _("Median days to answer")],
             [_("fewer than 5") if hidden else kept.answered,
              _("fewer than 5") if hidden else kept.late_unanswered,
              _number(kept.share, hidden, True), _number(kept.median_days, hidden)]]
    rows += [[], [_("Reason for absence"), _("Number"),
                  _("Share of all absences with notice (%)")]]
    for count in result.reasons:
        rows.append([reason_name(count.reason),
                     _("fewer than 5") if count.suppressed else count.afbud,
                     _number(count.share, count.suppressed, True)])
    return csv_text(rows)
