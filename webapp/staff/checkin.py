"""QR check-in: the counsellor shows the meeting's code; a citizen scans it with the phone
camera, which opens a page about the meeting with one button, and a tap checks them in (a
POST with CSRF: a link or a photo alone checks no one in). The citizens' address
(/tjek-ind/…) lives outside /personale, on its own small blueprint that the staff blueprint
brings along."""

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.core import Refusal
from webapp.forms import Form, rerun_on_csrf_error
from webapp.htmx import render
from webapp.security import staff_required
from webapp.staff import attendance, bp, services

citizen_bp = Blueprint("checkin", __name__)
bp.record_once(lambda state: state.app.register_blueprint(citizen_bp))


@bp.route("/moeder/<int:meeting_id>/qr")
@staff_required
def qr(meeting_id: int):
    """The meeting's QR code, big, to show on a phone, a laptop or a screen in the room."""
    meeting = services.meeting_for_staff(current_user, meeting_id)
    address = url_for("checkin.scan", meeting_id=meeting.id,
                      token=attendance.check_in_token(meeting), _external=True)
    opens, closes = attendance.window(meeting)
    return render("staff/qr.html", meeting=meeting, address=address, opens=opens,
                  closes=closes,
                  svg=attendance.qr_svg(address, _("QR code to check in to %(title)s",
                                                   title=meeting.offer.title)))


CHECKIN = "staff/checkin.html"


@citizen_bp.route("/tjek-ind/<int:meeting_id>/<token>", methods=["GET", "POST"])
@login_required
@rerun_on_csrf_error
def scan(meeting_id: int, token: str):
    """The page a meeting's QR code opens: GET shows the meeting and a "Check in" button and
    changes nothing; the button POSTs here and checks the citizen in. Either way a code that
    does not work now says clearly why. A visitor who is not logged in logs in first and
    comes back to the page."""
    form = Form()
    try:
        if form.validate_on_submit():
            result = attendance.check_in_by_scan(current_user, meeting_id, token)
            return render(CHECKIN, result=result, checked_in=True, form=form)
        result = attendance.check_in_page(current_user, meeting_id, token)
    except Refusal as refusal:
        return render(CHECKIN, status=refusal.status, refusal=refusal.message)
    # A POST that gets here had a missing or stale CSRF token: the page asks for a new tap.
    return render(CHECKIN, status=400 if form.is_submitted() else 200, result=result,
                  checked_in=result.already, form=form)
