"""Meetings for staff: one at a time or as a weekly series, changing and cancelling."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from webapp.core import COPENHAGEN
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, render_form
from webapp.i18n import when
from webapp.meetings.services import seats_taken
from webapp.security import staff_required
from webapp.staff import bp, services
from webapp.staff.forms import CancelForm, MeetingForm, SeriesForm
from webapp.types import utcnow


def _location_id(form) -> int | None:
    return int(form.location.data) if form.location.data else None


def _times(form, day) -> tuple:
    return (services.local_moment(day, form.starts.data),
            services.local_moment(day, form.ends.data))


@bp.route("/tilbud/<int:offer_id>/moeder/nyt", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def new_meeting(offer_id: int):
    """Add one meeting to an offer."""
    offer = services.offer_for_staff(current_user, offer_id)
    form = MeetingForm(offer=offer, locations=services.all_locations(),
                       today=services.today_in_copenhagen())
    if form.validate_on_submit():
        created, _skipped = services.add_meetings(
            current_user, offer, [_times(form, form.day.data)], _location_id(form),
            form.capacity.data)
        if created:
            flash(_("The meeting %(when)s is added.", when=when(created[0].starts_at)),
                  "success")
        else:
            flash(_("The group already meets at that time. Nothing was added."), "info")
        return redirect_to(url_for("staff.offer", offer_id=offer.id))
    return render_form("staff/meeting_form.html", form, offer=offer, meeting=None)


@bp.route("/tilbud/<int:offer_id>/moeder/serie", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def new_series(offer_id: int):
    """Add a weekly series of meetings to an offer."""
    offer = services.offer_for_staff(current_user, offer_id)
    form = SeriesForm(offer=offer, locations=services.all_locations(),
                      today=services.today_in_copenhagen())
    if form.validate_on_submit():
        created, skipped = services.add_meetings(
            current_user, offer, [_times(form, day) for day in form.dates],
            _location_id(form))
        message = ngettext("%(num)d meeting is added.", "%(num)d meetings are added.",
                           len(created))
        if skipped:
            message += " " + ngettext(
                "%(num)d was left out: the group already meets at that time.",
                "%(num)d were left out: the group already meets at those times.", skipped)
        flash(message, "success")
        return redirect_to(url_for("staff.offer", offer_id=offer.id))
    return render_form("staff/series_form.html", form, offer=offer)


class _MeetingFields:
    """A meeting as the form's fields, in Copenhagen time."""

    def __init__(self, meeting):
        starts = meeting.starts_at.astimezone(COPENHAGEN)
        self.day = starts.date()
        self.starts = starts.time()
        self.ends = meeting.ends_at.astimezone(COPENHAGEN).time()
        self.location = str(meeting.location_id) if meeting.location_id else ""
        self.capacity = meeting.capacity


def _refuse_if_closed(meeting):
    """A cancelled or finished meeting cannot be changed: the meeting's own page says why."""
    if meeting.is_cancelled:
        return _("The meeting is cancelled, so it cannot be changed.")
    if meeting.ends_at <= utcnow():
        return _("The meeting is over, so it cannot be changed.")
    return None


def _closed(meeting, message):
    """409 with the reason and the way back to the meeting."""
    return render("staff/refused.html", status=409, message=message,
                  back_url=url_for("staff.roster", meeting_id=meeting.id))


@bp.route("/moeder/<int:meeting_id>/rediger", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def edit_meeting(meeting_id: int):
    """Change a meeting's date, time, place or seats."""
    meeting = services.meeting_for_staff(current_user, meeting_id)
    refusal = _refuse_if_closed(meeting)
    if refusal:
        return _closed(meeting, refusal)
    form = MeetingForm(obj=_MeetingFields(meeting), offer=meeting.offer,
                       locations=services.all_locations(),
                       seats_taken=seats_taken([meeting.id]).get(meeting.id, 0),
                       today=services.today_in_copenhagen())
    if form.validate_on_submit():
        starts_at, ends_at = _times(form, form.day.data)
        services.update_meeting(current_user, meeting, starts_at, ends_at, _location_id(form),
                                form.capacity.data)
        flash(_("The meeting is changed. Citizens who are signed up see the new details."),
              "success")
        return redirect_to(url_for("staff.roster", meeting_id=meeting.id))
    return render_form("staff/meeting_form.html", form, offer=meeting.offer, meeting=meeting)


@bp.route("/moeder/<int:meeting_id>/aflys", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def cancel_meeting(meeting_id: int):
    """Cancel a meeting with a reason that the signed-up citizens read."""
    meeting = services.meeting_for_staff(current_user, meeting_id)
    refusal = _refuse_if_closed(meeting)
    if refusal:
        return _closed(meeting, refusal)
    form = CancelForm()
    if form.validate_on_submit():
        services.cancel_meeting(current_user, meeting, form.reason.data)
        flash(_("The meeting %(when)s is cancelled. Citizens who are signed up can see it.",
                when=when(meeting.starts_at)), "success")
        return redirect_to(url_for("staff.offer", offer_id=meeting.offer_id))
    return render_form("staff/cancel.html", form, meeting=meeting)
