"""Profil: the user's own account, the language, who looked at their data, the calendar on
their phone, reminders and the installed app."""

from flask_login import current_user, login_required

from webapp.audit.services import lookups_of
from webapp.citizens.services import support_of
from webapp.feeds.services import feed_url
from webapp.htmx import render
from webapp.profile import bp
from webapp.reminders.services import devices_of, public_key


@bp.route("/profil")
@login_required
def index():
    """The user's own account: contact details, language, who looked at my data, log out;
    for a citizen also their support, the calendar feed and reminders."""
    if current_user.is_staff:
        return render("profile/index.html", account=current_user)
    return render("profile/index.html", account=current_user,
                  lookups=lookups_of(current_user), enrolments=support_of(current_user),
                  feed_url=feed_url(current_user), devices=devices_of(current_user),
                  push_public_key=public_key())
