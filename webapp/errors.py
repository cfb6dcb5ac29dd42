"""Error pages in the user's language, and a second chance after a CSRF failure."""

import logging

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from webapp.htmx import render

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Something went wrong with the form"),
              _("The page could not use what was sent. Go back and try again.")),
        403: (_("You do not have access to this page"),
              _("This page is for other users. Go to the front page to find your own.")),
        404: (_("We cannot find the page"),
              _("The page may have moved, or the address may be wrong.")),
        405: (_("Something went wrong with the form"),
              _("The page could not use what was sent. Go back and try again.")),
        429: (_("Too many attempts"),
              _("You have tried many times in a short while. Wait 15 minutes and try again.")),
        500: (_("Something went wrong on our side"),
              _("It is not your fault. Try again in a little while.")),
    }


def database_unreachable() -> bool:
    """Whether this request found the database unreachable. Its error page is then shown as
    to a visitor, in the language of the cookie: the layout's name and menu would ask the
    database who is signed in, fail again, and leave only the server's bare English 500."""
    return g.get("database_unreachable", False)


def _note_if_database_failed(error: Exception) -> None:
    # Flask hands an error raised after the view (in an after_request function) to the
    # HTTPException handler, wrapped in an InternalServerError.
    cause = getattr(error, "original_exception", None) or error
    if isinstance(cause, (OperationalError, InterfaceError)):  # the database is down or gone
        g.database_unreachable = True


def render_error(code: int):
    title, text = _messages().get(code, _messages()[500])
    return render("errors/error.html", status=code, code=code, title=title, text=text)


def handle_http_error(error: HTTPException):
    _note_if_database_failed(error)
    return render_error(error.code or 500)


def handle_csrf_error(error: CSRFError):
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and getattr(view, "rerun_on_csrf_error", False):
        # The view's own form fails its CSRF check, saves nothing, and shows what the
        # user typed with a message next to the form.
        return view(**(request.view_args or {}))
    return render_error(400)


def handle_unexpected_error(error: Exception):
    propagate = current_app.config["PROPAGATE_EXCEPTIONS"]
    if propagate or (propagate is None and (current_app.testing or current_app.debug)):
        raise error  # tests and the debugger want the traceback
    log.exception("unhandled error on %s", request.path)
    _note_if_database_failed(error)
    return render_error(500)


def init_app(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
