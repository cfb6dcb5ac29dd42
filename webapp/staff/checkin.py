"""QR check-in: the counsellor shows the meeting's code; a citizen scans it with the phone
camera and is checked in. The citizens' address (/tjek-ind/…) lives outside /personale, on
its own small blueprint that the staff blueprint brings along."""

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.core import Refusal
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


@citizen_bp.route("/tjek-ind/<int:meeting_id>/<token>")
@login_required
def scan(meeting_id: int, token: str):
    """A citizen scanned a meeting's QR code: check them in, or say clearly why not. A
    visitor who is not logged in logs in first and comes back here."""
    try:
        result = attendance.check_in_by_scan(current_user, meeting_id, token)
    except Refusal as refusal:
        return render("staff/checkin.html", status=refusal.status, refusal=refusal.message,
                      meeting=None, already=False)
    return render("staff/checkin.html", meeting=result.meeting, already=result.already,
                  refusal=None)
