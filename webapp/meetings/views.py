"""Kalender: the citizen's own coming meetings."""

from flask_login import current_user

from webapp.htmx import render
from webapp.meetings import bp
from webapp.meetings.services import upcoming_for
from webapp.security import citizen_required


@bp.route("/kalender")
@citizen_required
def calendar():
    """The citizen's coming meetings, soonest first."""
    return render("meetings/calendar.html", meetings=upcoming_for(current_user))
