"""Mål: the citizen's own goals."""

from flask_login import current_user

from webapp.goals import bp
from webapp.goals.services import goals_of
from webapp.htmx import render
from webapp.security import citizen_required


@bp.route("/maal")
@citizen_required
def goals():
    """The citizen's goals with their latest check-in."""
    return render("goals/index.html", goals=goals_of(current_user))
