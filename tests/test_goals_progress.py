"""The progress summary: each goal type judged by its own rule, with no, one and many
check-ins, gaps of months between them, equal scores, and the chart's layout."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from webapp.goals.models import GoalType
from webapp.goals.progress import Outcome, Trend, chart, duration, judge, summary

START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
DEVELOP, MAINTAIN, LIMIT_LOSS = GoalType.DEVELOP, GoalType.MAINTAIN, GoalType.LIMIT_LOSS
ENGLISH = {"Cookie": "lang=en"}


@dataclass(frozen=True)
class C:
    at: datetime
    score: int


def weekly(*scores: int, start: datetime = START) -> list[C]:
    return [C(start + timedelta(weeks=n), s) for n, s in enumerate(scores)]


def at_days(*pairs: tuple[int, int]) -> list[C]:
    """Check-ins at (days after START, score)."""
    return [C(START + timedelta(days=d), s) for d, s in pairs]


@pytest.mark.parametrize("goal_type", list(GoalType))
def test_no_check_ins_is_too_early(goal_type):
    j = judge(goal_type, [])
    assert (j.outcome, j.count, j.first, j.last) == (Outcome.TOO_EARLY, 0, None, None)


@pytest.mark.parametrize("goal_type", list(GoalType))
def test_one_check_in_is_too_early(goal_type):
    j = judge(goal_type, weekly(6))
    assert (j.outcome, j.count, j.first, j.last) == (Outcome.TOO_EARLY, 1, 6, 6)


def test_judgement_is_a_frozen_value():
    j = judge(DEVELOP, weekly(3, 5))
    with pytest.raises(AttributeError):
        j.outcome = Outcome.NOT_YET


def test_order_of_the_check_ins_does_not_matter():
    scores = weekly(3, 4, 6)
    assert judge(DEVELOP, scores) == judge(DEVELOP, list(reversed(scores)))


# -- Udvikle: rising is success ---------------------------------------------------------------

@pytest.mark.parametrize(("scores", "outcome", "trend"), [
    ((3, 4, 6), Outcome.ON_TRACK, Trend.UP),
    ((3, 7, 4), Outcome.ON_TRACK, Trend.UP),  # ups and downs, but above the start
    ((5, 5, 5, 5), Outcome.NOT_YET, Trend.SAME),  # equal scores
    ((6, 5), Outcome.NOT_YET, Trend.DOWN),
    ((4, 9, 4), Outcome.NOT_YET, Trend.SAME),
])
def test_develop(scores, outcome, trend):
    j = judge(DEVELOP, weekly(*scores))
    assert (j.outcome, j.trend) == (outcome, trend)


def test_develop_across_a_gap_of_months():
    j = judge(DEVELOP, at_days((0, 2), (7, 3), (190, 6)))
    assert j.outcome is Outcome.ON_TRACK
    assert j.days == 190


# -- Fastholde: within one point of the start is success ------------------------------------

@pytest.mark.parametrize(("scores", "outcome"), [
    ((6, 6, 6), Outcome.ON_TRACK),  # equal scores
    ((6, 5, 7, 5), Outcome.ON_TRACK),  # within one point
    ((6, 8), Outcome.ON_TRACK),  # more than kept
    ((6, 4), Outcome.NOT_YET),  # two points below the start
    ((6, 6, 6, 3), Outcome.NOT_YET),
])
def test_maintain(scores, outcome):
    assert judge(MAINTAIN, weekly(*scores)).outcome is outcome


def test_maintain_counts_the_time_held_since_the_last_dip():
    j = judge(MAINTAIN, weekly(6, 3, 6, 6, 7))
    assert j.outcome is Outcome.ON_TRACK
    assert j.since == START + timedelta(weeks=2)
    assert j.days == 14


def test_maintain_held_over_a_gap_of_months():
    j = judge(MAINTAIN, at_days((0, 5), (95, 5)))
    assert (j.outcome, j.days) == (Outcome.ON_TRACK, 95)


# -- Begrænse tab: a slower fall than before is success -------------------------------------

@pytest.mark.parametrize(("scores", "outcome", "trend"), [
    ((8, 6, 4, 4), Outcome.ON_TRACK, Trend.SAME),  # stopped falling
    ((8, 5, 4), Outcome.ON_TRACK, Trend.SLOWER),  # 3 down, then 1 down
    ((8, 7, 5, 3), Outcome.NOT_YET, Trend.DOWN),  # falling faster
    ((8, 6, 4), Outcome.NOT_YET, Trend.DOWN),  # as fast as before
    ((7, 7, 7), Outcome.ON_TRACK, Trend.SAME),  # equal scores: no loss
    ((5, 6), Outcome.ON_TRACK, Trend.UP),
    ((6, 5), Outcome.TOO_EARLY, Trend.DOWN),  # one fall: nothing to compare with yet
])
def test_limit_loss(scores, outcome, trend):
    j = judge(LIMIT_LOSS, weekly(*scores))
    assert (j.outcome, j.trend) == (outcome, trend)


def test_limit_loss_uses_the_rate_per_day_so_a_gap_of_months_counts_as_slower():
    # Two points lost in one week, then one point over four months: a much slower fall.
    j = judge(LIMIT_LOSS, at_days((0, 8), (7, 6), (130, 5)))
    assert (j.outcome, j.trend) == (Outcome.ON_TRACK, Trend.SLOWER)
    # The same scores a week apart: the fall did not slow down per day.
    assert judge(LIMIT_LOSS, at_days((0, 8), (60, 6), (67, 5))).outcome is Outcome.NOT_YET


def test_check_ins_on_the_same_day_do_not_divide_by_zero():
    same_day = [C(START, 8), C(START + timedelta(minutes=5), 7), C(START + timedelta(hours=1), 5)]
    for goal_type in GoalType:
        assert judge(goal_type, same_day).outcome in set(Outcome)


# -- The summary sentence --------------------------------------------------------------------

@pytest.mark.parametrize(("goal_type", "scores", "words"), [
    (DEVELOP, (), "No check-ins yet"),
    (DEVELOP, (4,), "checked in once, with 4 of 10"),
    (DEVELOP, (3, 4, 6), "from 3 to 6 in 2 weeks"),
    (DEVELOP, (5, 5), "the same as when you started"),
    (MAINTAIN, (6,) * 14, "kept your level for 3 months"),
    (MAINTAIN, (6, 4), "a bit lower"),
    (LIMIT_LOSS, (8, 5, 4), "falling more slowly than before"),
    (LIMIT_LOSS, (6, 5), "Check in a few more times"),
])
def test_summary(app, goal_type, scores, words):
    with app.test_request_context(headers=ENGLISH):
        assert words in summary(judge(goal_type, weekly(*scores)))


def test_summary_in_danish(app):
    with app.test_request_context(headers={"Cookie": "lang=da"}):
        assert judge(MAINTAIN, weekly(*(6,) * 14)).summary() == \
            "Du har holdt dit niveau i 3 måneder."


def test_summary_never_mentions_missed_weeks(app):
    with app.test_request_context(headers=ENGLISH):
        text = summary(judge(DEVELOP, at_days((0, 4), (200, 4))))
    assert "miss" not in text.lower() and "week" not in text.lower()


@pytest.mark.parametrize(("days", "words"), [(0, "0 days"), (1, "1 day"), (13, "13 days"),
                                             (14, "2 weeks"), (60, "8 weeks"),
                                             (91, "3 months"), (365, "12 months")])
def test_duration(app, days, words):
    with app.test_request_context(headers=ENGLISH):
        assert duration(days) == words


# -- The chart -------------------------------------------------------------------------------

def test_chart_places_time_left_to_right_and_scores_bottom_to_top():
    layout = chart(at_days((0, 1), (10, 10), (100, 5)))
    xs = [p.x for p in layout.points]
    assert xs[0] == layout.left and xs[-1] == layout.width - layout.right
    # A gap of months is a long stretch of the axis, not one step.
    assert xs[2] - xs[1] > 5 * (xs[1] - xs[0])
    assert layout.points[0].y == layout.height - layout.bottom
    assert layout.points[1].y == layout.top
    assert layout.polyline.count(",") == 3


def test_chart_of_one_check_in_puts_it_in_the_middle_and_of_none_is_empty():
    (point,) = chart(weekly(5)).points
    assert point.x == chart([]).left + (chart([]).width - chart([]).left - chart([]).right) / 2
    assert chart([]).points == ()
