"""The roster of one meeting: who is signed up, waiting or absent (with the afbud's reason,
and its message for the group's own counsellors), one-tap attendance marks saved in place
with htmx (a plain POST and redirect without JavaScript), and walk-ins."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.core import Refusal
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, wants_fragment
from webapp.meetings.models import RegistrationStatus
from webapp.security import staff_required
from webapp.staff import attendance, bp, services
from webapp.staff.forms import WalkInForm
from webapp.types import utcnow

ROSTER = "staff/roster.html"


def _context(meeting, **extra) -> dict:
    """What the roster page and its parts need."""
    opens, closes = attendance.window(meeting)
    now = utcnow()
    return dict(meeting=meeting, roster=attendance.roster_of(meeting),
                marking=not meeting.is_cancelled and now >= opens,
                walking_in=not meeting.is_cancelled and opens <= now <= closes,
                editable=not meeting.is_cancelled and meeting.ends_at > now,
                opens=opens, closes=closes, marks=attendance.MARKS,
                notes=attendance.counsels(current_user, meeting), **extra)


@bp.route("/moeder/<int:meeting_id>")
@staff_required
def roster(meeting_id: int):
    """The roster: participants with their marks, the waiting list, and a walk-in form."""
    meeting = services.meeting_for_staff(current_user, meeting_id)
    return render(ROSTER, **_context(meeting, form=WalkInForm()))


def _mark_done(meeting, registration, message: str, category: str = "success",
               status: int = 200):
    """After a mark: swap the row in place and announce it (htmx), or go back to the
    roster with the message (or show the roster with it, after a refusal)."""
    if wants_fragment():
        context = _context(meeting, form=WalkInForm())
        return render(ROSTER, "row", status=status, registration=registration, swapped=True,
                      message=message, category=category, **context)
    if status >= 400:
        return render(ROSTER, status=status, message=message, category=category,
                      **_context(meeting, form=WalkInForm()))
    flash(message, category)
    return redirect_to(url_for("staff.roster", meeting_id=meeting.id)
                       + f"#registration-{registration.id}")


@bp.route("/moeder/<int:meeting_id>/tilmeldinger/<int:registration_id>/fremmoede",
          methods=["POST"])
@staff_required
def mark(meeting_id: int, registration_id: int):
    """Mark one citizen attended, absent with notice or did not come."""
    meeting = services.meeting_for_staff(current_user, meeting_id)
    try:
        status = RegistrationStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    try:
        registration = attendance.mark(current_user, meeting.id, registration_id, status)
    except Refusal as refusal:
        listed = attendance.roster_of(meeting)
        registration = next((r for r in (*listed.participants, *listed.waiting)
                             if r.id == registration_id), None)
        if registration is None:
            abort(404)
        return _mark_done(meeting, registration, str(refusal.message), "error",
                          refusal.status)
    meeting = services.meeting_for_staff(current_user, meeting_id)
    labels = {
        RegistrationStatus.ATTENDED: _("%(name)s: attended", name=attendance.short_name(
            registration.citizen)),
        RegistrationStatus.ABSENT: _("%(name)s: absent with notice",
                                     name=attendance.short_name(registration.citizen)),
        RegistrationStatus.NO_SHOW: _("%(name)s: did not come",
                                      name=attendance.short_name(registration.citizen)),
    }
    return _mark_done(meeting, registration, labels[status])


@bp.route("/moeder/<int:meeting_id>/uden-tilmelding", methods=["POST"])
@staff_required
@rerun_on_csrf_error
def walk_in(meeting_id: int):
    """Let in someone who came without signing up, by their e-mail: they are added when they
    check in with the meeting's code. The answer is the same whether or not the e-mail has
    an account (see attendance.add_walk_in)."""
    meeting = services.meeting_for_staff(current_user, meeting_id)
    form = WalkInForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        try:
            attendance.add_walk_in(current_user, meeting.id, email)
        except Refusal as refusal:
            form.email.errors.append(str(refusal.message))
            return render(ROSTER, "walk_in", status=refusal.status,
                          **_context(meeting, form=form))
        flash(_("If %(email)s has a Sammen account, they are added when they check in with "
                "the meeting's code. Show them the QR code.", email=email), "info")
        return redirect_to(url_for("staff.roster", meeting_id=meeting.id))
    return render(ROSTER, "walk_in", status=422, **_context(meeting, form=form))
