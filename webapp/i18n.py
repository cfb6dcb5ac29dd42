"""Locale selection and the date and time formats citizens read."""

from datetime import date, datetime
from functools import cache

from babel import Locale
from flask import current_app, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user

LANGUAGE_COOKIE = "lang"


def available_languages() -> list[str]:
    """Locale codes with a catalog under translations/, the default (Danish) first. Read
    from disk once per app, not on every request."""
    languages = current_app.extensions.get("sammen_languages")
    if languages is None:
        babel = current_app.extensions["babel"].instance
        codes = sorted(str(loc) for loc in babel.list_translations())
        default = current_app.config["BABEL_DEFAULT_LOCALE"]
        languages = [default] + [c for c in codes if c != default]
        current_app.extensions["sammen_languages"] = languages
    return languages


def select_locale() -> str:
    """The user's own choice, then the language cookie, then Danish."""
    languages = available_languages()
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in languages:
        return cookie
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@cache
def language_name(code: str) -> str:
    """A language's name in that language ("Dansk", "English")."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def text_direction() -> str:
    return get_locale().text_direction


def when(value: datetime) -> str:
    """'tirsdag 24. november kl. 10.00' / 'Tuesday 24 November at 10:00', Copenhagen time."""
    return format_datetime(value, _("EEEE d MMMM 'at' HH:mm"))


def day(value: date | datetime) -> str:
    """'tirsdag 24. november' / 'Tuesday 24 November' (a moment's day in Copenhagen)."""
    return format_date(value, _("EEEE d MMMM"))


def clock(value: datetime) -> str:
    """'10.00' / '10:00', Copenhagen time."""
    return format_datetime(value, _("HH:mm"))


def long_date(value: date | datetime) -> str:
    """'22. november 2026' / '22 November 2026'."""
    return format_date(value, _("d MMMM y"))


def init_app(app) -> None:
    app.jinja_env.filters.update(when=when, day=day, clock=clock, long_date=long_date)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        available_languages=available_languages,
        language_name=language_name,
        text_direction=text_direction,
    )
