"""A goal as a card on Hjem and Mål, as a fragment (see webapp/templating.py): rendered from
a `GoalCard` that holds what it shows, the one-line summary of how it is going included, so
a new check-in (a new summary) or a changed title is a new card."""

from dataclasses import dataclass

from webapp.goals.models import GoalStatus, GoalTheme, GoalType
from webapp.goals.progress import Judgement
from webapp.templating import fragment


@dataclass(frozen=True)
class GoalCard:
    id: int
    title: str
    theme: GoalTheme
    goal_type: GoalType
    status: GoalStatus
    #: how it is going, in the reader's language (Judgement.summary())
    summary: str
    #: where the card is: 'hjem' or 'liste' (the way back from a check-in without JavaScript)
    place: str
    heading: str = "h2"


def goal_card(goal, judgement: Judgement, place: str, heading: str = "h2"):
    """The goal's title, its badges, how it is going and the button to check in."""
    return fragment("goals/_card.html", GoalCard(
        id=goal.id, title=goal.title, theme=goal.theme, goal_type=goal.goal_type,
        status=goal.status, summary=judgement.summary(), place=place, heading=heading))
