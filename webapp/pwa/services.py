"""What the service worker and the manifest are made of."""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

from flask import current_app, request, session, url_for

from webapp.config import ROOT
from webapp.i18n import available_languages
from webapp.pwa.assets import assets

#: the citizen's own pages the service worker keeps for offline use, once visited
OFFLINE_ENDPOINTS = ("main.index", "meetings.calendar")
#: the files every page needs, fetched when the service worker installs
PRECACHE = ("vendor/dkfds/css/dkfds-borgerdk.min.css", "css/app.css", "vendor/htmx/htmx.min.js",
            "js/app.js", "js/pwa.js", "icons/sprite.svg")
#: how long a page may take before a kept copy is shown instead (a bus with weak signal)
NETWORK_TIMEOUT_MS = 4000
THEME_COLOUR = "#004a87"
#: the login session's offline id: in the session, in a cookie the service worker can read,
#: and in a header on each kept page, so a kept page is shown only in the session that made it
OFFLINE_SESSION_KEY = "offline_session"
OFFLINE_SESSION_COOKIE = "sammen_offline"
OFFLINE_SESSION_HEADER = "X-Sammen-Session"


def worker_settings() -> dict:
    """The settings the app puts in front of static/js/sw.js; `version` changes whenever a
    file it keeps, any template (the kept pages are made of the layout, macros and partials)
    or a translation changes, and with it the caches."""
    settings = {
        "precache": [url_for("static", filename=name) for name in PRECACHE],
        "offline": {code: url_for("pwa.offline", lang=code) for code in available_languages()},
        "default_language": current_app.config["BABEL_DEFAULT_LOCALE"],
        "pages": [url_for(endpoint) for endpoint in OFFLINE_ENDPOINTS],
        # Logging in or out forgets the kept pages: they belong to one person.
        "forget_on": [url_for("auth.logout"), url_for("auth.login")],
        "static": current_app.static_url_path + "/",
        "timeout": NETWORK_TIMEOUT_MS,
        "session_cookie": OFFLINE_SESSION_COOKIE,
        "session_header": OFFLINE_SESSION_HEADER,
        "icon": url_for("static", filename="icons/icon-192.png"),
    }
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    digest.update(assets().get("js/sw.js").body)
    templates = Path(current_app.root_path, current_app.template_folder)
    for path in sorted(templates.rglob("*.html")):
        digest.update(path.relative_to(templates).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for path in sorted(ROOT.glob("translations/*/LC_MESSAGES/messages.mo")):
        digest.update(path.read_bytes())
    settings["version"] = digest.hexdigest()[:12]
    return settings


def start_offline_session() -> None:
    """A new login session gets a new random offline id (no personal data in it): pages kept
    in an earlier session never match it."""
    session[OFFLINE_SESSION_KEY] = secrets.token_urlsafe(16)


def end_offline_session() -> None:
    """Logged out (or the session failed its protection check): the id goes, and with it, at
    the end of the request, the cookie; the kept pages then match no session."""
    session.pop(OFFLINE_SESSION_KEY, None)


def offline_session_id() -> str:
    """The id of the current login session, made now for a session older than the id."""
    if OFFLINE_SESSION_KEY not in session:
        start_offline_session()
    return session[OFFLINE_SESSION_KEY]


def sync_offline_cookie(response) -> None:
    """Make the marker cookie say what the session says: the session's id, or nothing.

    It lives exactly as long as the login session: the same lifetime as Flask's session
    cookie (a browser-session cookie, since sessions here are not `session.permanent` and no
    Flask-Login remember cookie is used, so both end when the browser is closed), the same
    path, domain, Secure and SameSite; it is not HttpOnly, so the service worker can read it.
    It is sent only when it differs from what the browser has (at login and logout)."""
    marker = session.get(OFFLINE_SESSION_KEY)
    if request.cookies.get(OFFLINE_SESSION_COOKIE) == marker:
        return
    app = current_app._get_current_object()
    interface = app.session_interface
    where = {"path": interface.get_cookie_path(app), "domain": interface.get_cookie_domain(app),
             "secure": interface.get_cookie_secure(app),
             "samesite": interface.get_cookie_samesite(app), "httponly": False}
    if marker is None:
        response.delete_cookie(OFFLINE_SESSION_COOKIE, **where)
    else:
        response.set_cookie(OFFLINE_SESSION_COOKIE, marker,
                            expires=interface.get_expiration_time(app, session), **where)


def worker_script() -> bytes:
    """static/js/sw.js with its settings in front, built once per process."""
    script = current_app.extensions.get("sammen_sw")
    if script is None or current_app.debug:
        settings = json.dumps(worker_settings(), sort_keys=True)
        script = (f"self.SAMMEN = {settings};\n".encode()
                  + assets().get("js/sw.js").body)
        current_app.extensions["sammen_sw"] = script
    return script


def manifest() -> dict:
    """The web app manifest: Danish, like the app's default language."""

    def icon(name: str, size: int, purpose: str = "any") -> dict:
        return {"src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
                "type": "image/png", "purpose": purpose}

    def screenshot(name: str, size: str, form_factor: str, label: str) -> dict:
        return {"src": url_for("static", filename=f"icons/{name}"), "sizes": size,
                "type": "image/png", "form_factor": form_factor, "label": label}

    home = url_for("main.index")
    return {
        "id": home,
        "name": "Sammen – Ishøj og Vallensbæk",
        "short_name": "Sammen",
        "description": "Gruppeforløb og støtte i Ishøj og Vallensbæk Kommuner: se dine næste "
                       "møder, meld afbud og følg dine mål.",
        "lang": "da",
        "dir": "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "categories": ["social", "health", "lifestyle"],
        "icons": [icon("icon-192.png", 192), icon("icon-512.png", 512),
                  icon("icon-maskable-512.png", 512, "maskable")],
        "screenshots": [
            screenshot("screenshot-home.png", "540x1170", "narrow", "Hjem: dine næste møder"),
            screenshot("screenshot-calendar.png", "540x1170", "narrow",
                       "Kalender: dine møder og åbne møder"),
            screenshot("screenshot-wide.png", "1280x800", "wide", "Hjem på en computer"),
        ],
        "shortcuts": [
            {"name": "Kalender", "url": url_for("meetings.calendar"),
             "icons": [icon("icon-192.png", 192)]},
            {"name": "Tilbud", "url": url_for("offers.catalogue"),
             "icons": [icon("icon-192.png", 192)]},
        ],
    }
