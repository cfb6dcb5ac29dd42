"""The counsellors' start page."""

from flask_login import current_user

from webapp.htmx import render
from webapp.security import staff_required
from webapp.staff import bp
from webapp.staff.services import meetings_this_week


@bp.route("/")
@staff_required
def index():
    """This week's meetings of the counsellor's groups."""
    return render("staff/index.html", meetings=meetings_this_week(current_user))
