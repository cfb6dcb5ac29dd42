"""The counsellors' pages. Today is here; offers and meetings, the roster and QR check-in
have their own modules, imported here so the factory registers all their routes."""

from flask import current_app
from flask_login import current_user

from webapp.htmx import render
from webapp.referrals.services import promise_summary
from webapp.security import staff_required
from webapp.staff import bp, checkin, meetings, offers, roster  # noqa: F401 (routes)
from webapp.staff.attendance import short_name
from webapp.staff.services import today_for

bp.add_app_template_filter(short_name, "short_name")


@bp.app_template_global()
def has_endpoint(name: str) -> bool:
    """Whether a route exists (pages built by other parts of the app link only when they
    are there)."""
    return name in current_app.view_functions


@bp.route("/")
@staff_required
def index():
    """Today: this week's meetings with their numbers, referrals close to their deadline and
    goals due for follow-up."""
    return render("staff/index.html", today=today_for(current_user),
                  promise=promise_summary(current_user))
