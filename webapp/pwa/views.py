"""The service worker, the web app manifest and the offline page."""

import hashlib

from flask import current_app, jsonify, request
from flask_babel import force_locale, get_locale
from flask_login import current_user, session_protected, user_logged_in, user_logged_out

from webapp.htmx import render
from webapp.i18n import available_languages, select_locale
from webapp.pwa import bp, services
from webapp.pwa.assets import SESSIONLESS
from webapp.types import utcnow

ONE_DAY = 24 * 3600


@bp.route("/sw.js")
def service_worker():
    """The service worker, from the root so its scope is the whole app; always revalidated,
    so a deploy reaches the browsers at once."""
    script = services.worker_script()
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    # The browser checks for a new version after every page it opens: a 304 when none.
    response.set_etag(hashlib.sha256(script).hexdigest()[:16])
    return response.make_conditional(request)


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest that makes Sammen installable."""
    response = jsonify(services.manifest())
    response.mimetype = "application/manifest+json"
    response.cache_control.public = True
    response.cache_control.max_age = ONE_DAY
    return response


@bp.route("/offline")
def offline():
    """What the service worker shows when a page cannot be fetched, in the asked language."""
    code = request.args.get("lang")
    with force_locale(code if code in available_languages() else select_locale()):
        return render("pwa/offline.html", offline_page=True)


@bp.app_context_processor
def offline_note():
    """Pages the service worker keeps carry the offline note, with the time they were made."""
    kept = request.endpoint in services.OFFLINE_ENDPOINTS
    return {"offline_kept": kept, "kept_at": utcnow() if kept else None}


@bp.after_app_request
def tell_the_service_worker(response):
    """Tell the service worker the page's language, so its offline page speaks it too, and
    which pages to keep for offline use: a logged-in citizen's own Hjem and Kalender, with
    the id of the login session they belong to (the worker shows them only while the
    session's marker cookie still carries that id)."""
    if request.endpoint in SESSIONLESS:  # the same for everyone: the session stays unread
        return response
    if response.mimetype == "text/html":
        if not response.content_language:
            response.content_language.add(str(get_locale()))
        if (request.endpoint in services.OFFLINE_ENDPOINTS and response.status_code == 200
                and current_user.is_authenticated and not current_user.is_staff):
            response.headers["X-Sammen-Offline"] = "keep"
            response.headers[services.OFFLINE_SESSION_HEADER] = services.offline_session_id()
    services.sync_offline_cookie(response)
    return response


# Flask-Login's signals, so logging in and out stays the auth package's own business.
@user_logged_in.connect
def _new_offline_session(sender, user, **extra):
    services.start_offline_session()


@user_logged_out.connect
def _end_offline_session(sender, user, **extra):
    services.end_offline_session()


@session_protected.connect
def _session_protection_ended_it(sender, **extra):
    services.end_offline_session()
