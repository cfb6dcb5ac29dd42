"""What every form shares: a FlaskForm whose CSRF failure is shown next to the form, and the
CSRF token the pages carry."""

from functools import lru_cache, wraps

from flask import current_app, g, session
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer

#: Flask-WTF's salt for signing the token
CSRF_SALT = "wtf-csrf-token"


class Form(FlaskForm):
    """A form whose views may be re-run after a CSRF failure (see `rerun_on_csrf_error`)."""


def rerun_on_csrf_error(view):
    """Mark a view that validates a `Form`: when its CSRF token is missing or stale, the
    error handler runs the view again instead of showing an error page. The form's own
    CSRF check fails again, so nothing is saved, and the page comes back with what the
    user typed and a clear message next to the form."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.rerun_on_csrf_error = True
    return wrapped


def csrf_token() -> str:
    """The session's CSRF token, as Flask-WTF's generate_csrf() makes it, but signed once per
    session and worker: the token does not expire (WTF_CSRF_TIME_LIMIT = None), so the one
    signed first is as good as a new one, and signing it again took a few per cent of every
    page."""
    config = current_app.config
    name = config["WTF_CSRF_FIELD_NAME"]
    if name not in g and config["WTF_CSRF_TIME_LIMIT"] is None and name in session:
        setattr(g, name, _signed(config.get("WTF_CSRF_SECRET_KEY", current_app.secret_key),
                                 session[name]))
    return generate_csrf()


@lru_cache(maxsize=4096)
def _signed(secret_key: str, token: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=CSRF_SALT).dumps(token)
