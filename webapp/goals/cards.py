"""A goal as a card on Hjem and Mål, as a fragment (see webapp/templating.py): rendered from
a `GoalCard` that holds what it shows, the one-line summary of how it is going included. The
card is looked up by the goal's fields and its progress.Judgement, so a new check-in (a new
judgement) or a changed title is a new card."""

from dataclasses import dataclass

from webapp.goals.models import GoalStatus, GoalTheme, GoalType
from webapp.goals.progress import Judgement
from webapp.templating import fragment_of


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


def _card(id, title, theme, goal_type, status, judgement: Judgement, place: str,
          heading: str) -> GoalCard:
    return GoalCard(id=id, title=title, theme=theme, goal_type=goal_type, status=status,
                    summary=judgement.summary(), place=place, heading=heading)


def goal_card(goal, judgement: Judgement, place: str, heading: str = "h2"):
    """The goal's title, its badges, how it is going and the button to check in (looked up
    by the judgement; its summary is written only when the card is rendered)."""
    return fragment_of("goals/_card.html", _card, (
        goal.id, goal.title, goal.theme, goal.goal_type, goal.status, judgement, place,
        heading))
