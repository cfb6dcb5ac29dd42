"""What every form shares: a FlaskForm that reads what was typed the same way in every form,
refuses what no database can store, and shows a CSRF failure next to the form.

Every form of the app derives from `Form`, also the GET forms (search, statistics), so these
rules hold everywhere at once:

- Spaces around a value are not part of it (passwords excepted): a value of spaces alone is
  an empty value, so a required field asks for it again and an optional one is left out.
- A character a text column cannot hold (NUL, which PostgreSQL refuses, and lone UTF-16
  surrogates, which have no UTF-8) is refused next to its field, before any other check of
  the field can take it to the database.
- A date is one of Sammen's years: from 2000 to the end of the year ten years ahead.
  Outside them lie only typing mistakes, and dates that overflow the date arithmetic.
- A whole number fits an integer column.
"""

import re
from datetime import date
from functools import wraps

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField
from wtforms.validators import NumberRange, StopValidation

from webapp.core import local_day
from webapp.i18n import long_date
from webapp.types import utcnow

#: what a text column cannot store: NUL, and UTF-16 surrogates on their own
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
#: the first day a date field accepts; the last is this many years from today
FIRST_DAY = date(2000, 1, 1)
YEARS_AHEAD = 10
#: the largest whole number an integer column holds (PostgreSQL's integer: 4 bytes)
INTEGER_MAX = 2**31 - 1


def last_day() -> date:
    """The last day a date field accepts: the end of the year ten years from now."""
    return date(local_day(utcnow()).year + YEARS_AHEAD, 12, 31)


def storable(form, field) -> None:
    """Refuse a value with a character the database cannot store. It stops the field's
    other checks, which may look the value up in the database."""
    if any(isinstance(value, str) and _UNSTORABLE.search(value)
           for value in field.raw_data or ()):
        field.errors[:] = []
        raise StopValidation(_l("There is an invisible character here that we cannot save. "
                                "Delete the text and write it again."))


def in_sammens_years(form, field) -> None:
    """Refuse a date before 2000 or more than ten years ahead."""
    if isinstance(field.data, date) and not FIRST_DAY <= field.data <= last_day():
        raise StopValidation(_("Choose a date from %(first)s to %(last)s.",
                               first=long_date(FIRST_DAY), last=long_date(last_day())))


def fits_a_column(form, field) -> None:
    """Refuse a whole number no integer column holds (and that the range checks cannot even
    compare): with the field's own range message, if it has one."""
    if isinstance(field.data, int) and not isinstance(field.data, bool) \
            and abs(field.data) > INTEGER_MAX:
        messages = [v.message for v in field.validators
                    if isinstance(v, NumberRange) and v.message]
        raise StopValidation(messages[0] if messages else _("Write a smaller number."))


class Form(FlaskForm):
    """A form whose views may be re-run after a CSRF failure (see `rerun_on_csrf_error`),
    with the rules above for every field."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            """What was sent, with the spaces around each value taken off (not around a
            password: it is what it is). The forms are sent as form data, by a browser or
            htmx: a JSON body (which Flask-WTF would read, numbers and all) is no form."""
            if formdata is not None and not hasattr(formdata, "getlist") \
                    and request.is_json and form.is_submitted():
                formdata = request.form
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None:
                return None
            secret = {field.name for field in form if isinstance(field, PasswordField)}
            return MultiDict([
                (key, value.strip() if isinstance(value, str) and key not in secret else value)
                for key, value in formdata.items(multi=True)])

        def bind_field(self, form, unbound_field, options):
            """Every field refuses what cannot be stored before its own checks run: text
            a column cannot hold, a date outside Sammen's years, a number too large."""
            field = super().bind_field(form, unbound_field, options)
            field.validators = [storable, in_sammens_years, fits_a_column, *field.validators]
            return field


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
