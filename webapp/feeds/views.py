"""Calendar files: download one meeting, subscribe to all of them, reset the address."""

from flask import abort, flash, make_response, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.feeds import bp, services
from webapp.htmx import redirect_to, render, wants_fragment
from webapp.security import citizen_required

bp.add_app_template_filter(services.webcal_url, "webcal")


def ics_response(body: bytes, disposition: str):
    response = make_response(body)
    response.content_type = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = disposition
    # Personal data: no shared cache keeps it, and no search engine lists it.
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/kalender/moede/<int:meeting_id>.ics")
@citizen_required
def meeting_ics(meeting_id: int):
    """One meeting the citizen is signed up or waiting for, as a file for their calendar."""
    registration = services.registration_for(current_user, meeting_id)
    if registration is None:
        abort(404)
    return ics_response(services.meeting_ics(registration),
                        f'attachment; filename="{services.filename(registration)}"')


@bp.route("/kalender/feed/<token>.ics")
def feed(token: str):
    """The citizen's subscription feed. No login: the secret in the address is the key."""
    user = services.user_for_token(token)
    if user is None:
        abort(404)
    body = services.feed_ics(user, services.feed_registrations(user))
    return ics_response(body, 'inline; filename="sammen.ics"')


@bp.post("/profil/kalender-adresse")
@citizen_required
def new_address():
    """Make the citizen's feed address, or a new one that replaces the old."""
    had_one = current_user.calendar_token is not None
    account = services.new_token(current_user)
    db.session.commit()
    if had_one:
        message = _("You have a new calendar address. The old address no longer works. "
                    "Add the new one to your calendar.")
    else:
        message = _("Your calendar address is ready.")
    if wants_fragment():
        return render("profile/index.html", "calendar_feed", account=account,
                      feed_url=services.feed_url(account), announce=message)
    flash(message, "success")
    return redirect_to(url_for("profile.index", _anchor="kalender"))
