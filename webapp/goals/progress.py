"""How a goal is going, judged against its goal type, and the chart of its check-ins.

Udvikle (develop): the latest score above the first is success. Fastholde (maintain): the
latest score within one point of the first (or above it) is success. Begrænse tab (limit
loss): falling more slowly now than before, or not falling at all, is success. Rates are per
day, so weeks or months between check-ins do not change the verdict, and a missed week never
counts against the citizen."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.goals.models import GoalType

#: Fastholde: a score this close to the first one still counts as keeping the level
MAINTAIN_MARGIN = 1
#: the chart's drawing area, in SVG user units
CHART_WIDTH = 320
CHART_HEIGHT = 160
CHART_LEFT = 28
CHART_RIGHT = 12
CHART_TOP = 10
CHART_BOTTOM = 26
SCORE_MIN = 1
SCORE_MAX = 10


class CheckInLike(Protocol):
    at: datetime
    score: int


class Outcome(enum.Enum):
    """The verdict on a goal's progress."""

    ON_TRACK = "on_track"
    NOT_YET = "not_yet"
    #: too few check-ins to judge
    TOO_EARLY = "too_early"


class Trend(enum.Enum):
    """Which way the scores went, for the summary sentence."""

    NONE = "none"
    UP = "up"
    SAME = "same"
    DOWN = "down"
    #: Begrænse tab: falling, but more slowly than before
    SLOWER = "slower"


@dataclass(frozen=True)
class Judgement:
    """How a goal is going: the outcome and what the summary sentence needs."""

    outcome: Outcome
    goal_type: GoalType
    trend: Trend
    count: int
    first: int | None = None
    last: int | None = None
    #: the first check-in, or (Fastholde) the start of the run held within the margin
    since: datetime | None = None
    until: datetime | None = None

    @property
    def days(self) -> int:
        """Days from `since` to `until`."""
        if self.since is None or self.until is None:
            return 0
        return max(0, (self.until - self.since).days)

    def summary(self) -> str:
        """The one plain sentence about the goal (needs a request or app context)."""
        return summary(self)


def _rate(a: CheckInLike, b: CheckInLike) -> float:
    """Change in score per day from a to b; check-ins on the same day count as one day."""
    days = max((b.at - a.at).total_seconds() / 86400, 1.0)
    return (b.score - a.score) / days


def _direction(first: int, last: int) -> Trend:
    if last > first:
        return Trend.UP
    if last < first:
        return Trend.DOWN
    return Trend.SAME


def judge(goal_type: GoalType, check_ins: Sequence[CheckInLike]) -> Judgement:
    """Judge a goal's check-ins against its goal type. Pure: no database, no request."""
    points = sorted(check_ins, key=lambda c: c.at)
    count = len(points)
    if count == 0:
        return Judgement(Outcome.TOO_EARLY, goal_type, Trend.NONE, 0)
    first, last = points[0], points[-1]
    base = dict(goal_type=goal_type, count=count, first=first.score, last=last.score,
                since=first.at, until=last.at)
    if count == 1:
        return Judgement(Outcome.TOO_EARLY, trend=Trend.NONE, **base)
    trend = _direction(first.score, last.score)
    if goal_type is GoalType.DEVELOP:
        outcome = Outcome.ON_TRACK if trend is Trend.UP else Outcome.NOT_YET
        return Judgement(outcome, trend=trend, **base)
    if goal_type is GoalType.MAINTAIN:
        floor = first.score - MAINTAIN_MARGIN
        if last.score < floor:
            return Judgement(Outcome.NOT_YET, trend=Trend.DOWN, **base)
        # Held since the first check-in after the last time the score fell below the margin.
        held_from = first
        for earlier, later in zip(points, points[1:], strict=False):
            if earlier.score < floor:
                held_from = later
        trend = Trend.UP if last.score > first.score + MAINTAIN_MARGIN else Trend.SAME
        return Judgement(Outcome.ON_TRACK, trend=trend, **{**base, "since": held_from.at})
    # Begrænse tab: compare how fast the score falls now with how fast it fell before.
    middle = count // 2
    recent = _rate(points[middle], last) if count > 2 else _rate(first, last)
    if recent >= 0:
        lately = points[middle] if count > 2 else first
        trend = Trend.UP if last.score > lately.score else Trend.SAME
        return Judgement(Outcome.ON_TRACK, trend=trend, **base)
    if count < 3:
        return Judgement(Outcome.TOO_EARLY, trend=Trend.DOWN, **base)
    before = _rate(first, points[middle])
    if recent > before:
        return Judgement(Outcome.ON_TRACK, trend=Trend.SLOWER, **base)
    return Judgement(Outcome.NOT_YET, trend=Trend.DOWN, **base)


def duration(days: int) -> str:
    """'5 dage', '3 uger', '4 måneder': a span in the unit a person would use."""
    if days < 14:
        return ngettext("%(num)d day", "%(num)d days", days)
    if days < 61:
        return ngettext("%(num)d week", "%(num)d weeks", days // 7)
    return ngettext("%(num)d month", "%(num)d months", round(days / 30.4))


def summary(j: Judgement) -> str:
    """One kind, plain sentence: how the goal is going, judged against its goal type."""
    if j.count == 0:
        return _("No check-ins yet. When you check in, you can follow how it goes here.")
    if j.count == 1:
        return _("You have checked in once, with %(score)d of 10. Check in again to see how "
                 "it goes.", score=j.last)
    scores = dict(first=j.first, last=j.last)
    if j.goal_type is GoalType.DEVELOP:
        if j.trend is Trend.UP and j.days < 1:
            return _("You have gone from %(first)d to %(last)d. Well done!", **scores)
        if j.trend is Trend.UP:
            return _("You have gone from %(first)d to %(last)d in %(time)s. Well done!",
                     time=duration(j.days), **scores)
        if j.trend is Trend.SAME:
            return _("You are at %(last)d, the same as when you started. Change takes time.",
                     **scores)
        return _("You are at %(last)d now, and you started at %(first)d. It goes up and "
                 "down, and that is normal.", **scores)
    if j.goal_type is GoalType.MAINTAIN:
        if j.outcome is Outcome.NOT_YET:
            return _("You are at %(last)d, a bit lower than when you started (%(first)d). "
                     "Talk to your counsellor if you need more support.", **scores)
        if j.trend is Trend.UP:
            return _("You have gone from %(first)d to %(last)d. You have more than kept your "
                     "level.", **scores)
        if j.days < 1:
            return _("You have kept your level.")
        return _("You have kept your level for %(time)s.", time=duration(j.days))
    if j.outcome is Outcome.TOO_EARLY:
        return _("Check in a few more times. Then you can see if it is falling more slowly.")
    if j.trend is Trend.SLOWER:
        return _("It is falling more slowly than before. That is what you are working for.")
    if j.outcome is Outcome.ON_TRACK:
        return _("You have held your level lately. You are at %(last)d.", **scores)
    return _("It is falling as fast as before. Talk to your counsellor about what could "
             "help.")


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    score: int
    at: datetime


@dataclass(frozen=True)
class Chart:
    """A goal's check-ins laid out for a small SVG line chart: x by time, y by score."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    def y(self, score: float) -> float:
        """Where a score sits on the y axis."""
        span = self.height - self.top - self.bottom
        return round(self.top + span * (SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN), 1)

    @property
    def gridlines(self) -> tuple[tuple[int, float], ...]:
        return tuple((score, self.y(score)) for score in (1, 5, 10))


def chart(check_ins: Sequence[CheckInLike]) -> Chart:
    """Lay out the check-ins for the chart; time runs left to right, so a gap of months
    shows as a long line, not as a missed week."""
    ordered = sorted(check_ins, key=lambda c: c.at)
    layout = Chart(CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_RIGHT, CHART_TOP,
                   CHART_BOTTOM, ())
    if not ordered:
        return layout
    start, end = ordered[0].at, ordered[-1].at
    seconds = (end - start).total_seconds()
    inner = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    points = []
    for c in ordered:
        share = (c.at - start).total_seconds() / seconds if seconds else 0.5
        points.append(Point(round(CHART_LEFT + inner * share, 1), layout.y(c.score),
                            c.score, c.at))
    return Chart(CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_RIGHT, CHART_TOP,
                 CHART_BOTTOM, tuple(points))
