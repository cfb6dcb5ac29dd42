"""Kalender, the history of past meetings (Mine møder), and signing up, afbud and undo, and
leaving the waiting list, for one meeting. Each action works as a plain form (POST, then 303
back to `next` with a message) and, with htmx, swaps the meeting's controls in place and
announces the change in the page's live region."""

from operator import attrgetter

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.core import Refusal, local_day
from webapp.forms import Form, rerun_on_csrf_error
from webapp.htmx import render, render_form, render_invalid, wants_fragment
from webapp.i18n import clock, day, when
from webapp.meetings import bp, services
from webapp.meetings.forms import AbsenceForm
from webapp.meetings.models import RegistrationStatus
from webapp.security import citizen_required
from webapp.types import utcnow
from webapp.urls import safe_next

MEETING = "meetings/meeting.html"


@bp.app_template_filter("day_heading")
def day_heading(value) -> str:
    """'I dag', 'I morgen' or 'Torsdag 26. november' for a day in Copenhagen."""
    relative = services.relative_day(value, local_day(utcnow()))
    text = relative or day(value)
    return text[:1].upper() + text[1:]


@bp.app_template_filter("soon")
def soon(value, in_sentence: bool = False) -> str:
    """'I dag kl. 10.00', 'I morgen kl. 10.00' or 'torsdag 26. november kl. 10.00'; in the
    middle of a sentence 'i dag' and 'i morgen'. Days count from today in Copenhagen."""
    relative = services.relative_day(local_day(value), local_day(utcnow()))
    if relative is None:
        return when(value)
    if in_sentence:
        relative = relative[:1].lower() + relative[1:]
    return _("%(day)s at %(time)s", day=relative, time=clock(value))


#: a meeting (or a card row) that has begun: its controls no longer sign up or call in absence
bp.add_app_template_filter(services.has_started, "has_started")
#: an afbud's reason in the staff's words ("Ill"), for the roster and the statistics
bp.add_app_template_filter(services.reason_name, "absence_reason")


def _next_url() -> str:
    return safe_next(request.values.get("next"), "meetings.calendar")


def _show(meeting, status: int = 200, message: str | None = None, category: str = "success"):
    """The meeting's controls: an htmx fragment that announces `message`, or the meeting's
    own page with `message` on top (after a refusal without JavaScript)."""
    row = services.meeting_row(current_user, meeting.id)
    return render(MEETING, "actions", status=status, meeting=row,
                  joinable=services.may_sign_up(current_user, row.offer_id, row.admission),
                  next_url=_next_url(), message=message, category=category,
                  swapped=wants_fragment())


def _done(meeting, message: str, category: str = "success"):
    """After a change: swap the controls in place (htmx), or go back with a message."""
    if wants_fragment():
        return _show(meeting, message=message, category=category)
    flash(message, category)
    return redirect(_next_url(), 303)


def _refused(meeting, refusal: Refusal):
    return _show(meeting, refusal.status, refusal.message, "error")


@bp.route("/kalender")
@citizen_required
def calendar():
    """The citizen's coming meetings, and the open meetings they could join, by day."""
    agenda = services.agenda_for(current_user)
    return render("meetings/calendar.html", agenda=agenda,
                  own_days=services.by_day(agenda.own, attrgetter("starts_at")),
                  open_days=services.by_day(agenda.open, attrgetter("starts_at")),
                  next_url=url_for("meetings.calendar"))


@bp.route("/kalender/mine-moeder")
@citizen_required
def history():
    """Mine møder: the meetings that are over, newest first, a page at a time, each with
    what happened in plain, neutral words (came, afbud, did not come, cancelled)."""
    page = request.args.get("page", 1, type=int)
    return render("meetings/history.html", history=services.history_for(current_user, page))


@bp.route("/moeder/<int:meeting_id>")
@citizen_required
def meeting(meeting_id: int):
    """One meeting and its controls (also what htmx swaps back when an afbud is not sent)."""
    return _show(services.meeting_or_404(meeting_id))


@bp.route("/moeder/<int:meeting_id>/tilmelding", methods=["POST"])
@citizen_required
def sign_up(meeting_id: int):
    """Sign up for a meeting, or join its waiting list when it is full."""
    try:
        registration = services.sign_up(current_user, meeting_id)
    except Refusal as refusal:
        return _refused(services.meeting_or_404(meeting_id), refusal)
    meeting = registration.meeting
    if registration.status is RegistrationStatus.WAITLISTED:
        message = _("The meeting is full. You are number %(num)d on the waiting list for "
                    "%(title)s, %(when)s. You get a seat if one becomes free.",
                    num=registration.waitlist_position, title=meeting.offer.title,
                    when=when(meeting.starts_at))
        return _done(meeting, message, "info")
    return _done(meeting, _("You are signed up for %(title)s, %(when)s.",
                            title=meeting.offer.title, when=when(meeting.starts_at)))


@bp.route("/tilmeldinger/<int:registration_id>/afbud", methods=["GET", "POST"])
@citizen_required
@rerun_on_csrf_error
def absence(registration_id: int):
    """Call in absence: a confirm step with an optional reason, then the afbud itself."""
    registration = services.own_registration(current_user, registration_id)
    meeting = registration.meeting
    try:
        services.check_absence_allowed(registration, meeting)
    except Refusal as refusal:
        return _refused(meeting, refusal)
    form = AbsenceForm()
    context = dict(form=form, registration=registration, meeting=meeting,
                   next_url=_next_url(), swapped=wants_fragment())
    if form.validate_on_submit():
        try:
            services.call_in_absence(current_user, registration_id, form.absence_reason,
                                     form.note.data)
        except Refusal as refusal:
            return _refused(meeting, refusal)
        return _done(meeting, _("Thank you for letting us know. You have called in absence "
                                "for %(title)s, %(when)s.", title=meeting.offer.title,
                                when=when(meeting.starts_at)))
    if form.is_submitted():
        return render_invalid("meetings/absence.html", "confirm", **context)
    return render("meetings/absence.html", "confirm", **context)


@bp.route("/tilmeldinger/<int:registration_id>/forlad-venteliste", methods=["GET", "POST"])
@citizen_required
@rerun_on_csrf_error
def leave_waiting_list(registration_id: int):
    """Leave a meeting's waiting list: a confirm step (no reason asked: it is not an afbud),
    then the leaving itself."""
    registration = services.own_registration(current_user, registration_id)
    meeting = registration.meeting
    try:
        services.check_leave_allowed(registration, meeting)
    except Refusal as refusal:
        return _refused(meeting, refusal)
    form = Form()
    if form.validate_on_submit():
        try:
            services.leave_waiting_list(current_user, registration_id)
        except Refusal as refusal:
            return _refused(meeting, refusal)
        return _done(meeting, _("You are no longer on the waiting list for %(title)s, "
                                "%(when)s.", title=meeting.offer.title,
                                when=when(meeting.starts_at)))
    return render_form("meetings/leave_waitlist.html", form, "confirm",
                       registration=registration, meeting=meeting, next_url=_next_url(),
                       swapped=wants_fragment())


@bp.route("/tilmeldinger/<int:registration_id>/fortryd-afbud", methods=["POST"])
@citizen_required
def undo_absence(registration_id: int):
    """Take an afbud back while the meeting is ahead and a seat is free."""
    try:
        registration = services.undo_absence(current_user, registration_id)
    except Refusal as refusal:
        return _refused(services.own_registration(current_user, registration_id).meeting,
                        refusal)
    meeting = registration.meeting
    return _done(meeting, _("Good to have you back. You are signed up for %(title)s, "
                            "%(when)s, again.", title=meeting.offer.title,
                            when=when(meeting.starts_at)))
