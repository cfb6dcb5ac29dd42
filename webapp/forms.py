"""What every form shares: a FlaskForm whose CSRF failure is shown next to the form."""

from functools import wraps

from flask_wtf import FlaskForm


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
