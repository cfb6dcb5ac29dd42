"""Locale selection and the date and time formats citizens read."""

from datetime import date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from flask import current_app, request
from flask.globals import _cv_app
from flask_babel import Domain, get_locale
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

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


class RequestDomain(Domain):
    """Flask-Babel's message domain, but the catalog is found once per request and locale:
    Flask-Babel looks it up again for every string, which was most of the time a page took
    to render."""

    def get_translations(self):
        state = _babel_state()
        found = getattr(state, "sammen_translations", None)
        if found is not None and found[0] is getattr(state, "babel_locale", None):
            return found[1]
        catalog = super().get_translations()
        state = _babel_state()
        if state is not None:
            # force_locale() swaps babel_locale, so the catalog is kept with its locale.
            state.sammen_translations = (getattr(state, "babel_locale", None), catalog)
        return catalog


def _babel_state():
    """Flask-Babel's per-request state (g._flask_babel), read from the app context itself:
    going through the `g` proxy took longer than the translation a page asks for ~100 times."""
    context = _cv_app.get(None)
    return None if context is None else vars(context.g).get("_flask_babel")


DOMAIN = RequestDomain()
translations = DOMAIN.get_translations


def _(text: str) -> str:
    """gettext through the request's catalog, for the formats below."""
    return translations().ugettext(text)


@lru_cache(maxsize=8192)
def _format(value: date | datetime, pattern: str, locale: str, zone: str) -> str:
    """Babel's formatting is slow and a page shows the same few dates and times again and
    again, so each result is kept (values, patterns and locales are few and immutable)."""
    if isinstance(value, datetime):
        return babel_dates.format_datetime(value, pattern, tzinfo=ZoneInfo(zone), locale=locale)
    return babel_dates.format_date(value, pattern, locale=locale)


def current_locale() -> str:
    """The request's locale code as Flask-Babel keeps it (force_locale included), read
    directly, and written out once per locale and request: a page asks for it for every
    fragment and date, and babel's str() of a Locale took longer than the rest."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    if locale is None:
        return str(get_locale())
    found = getattr(state, "sammen_locale_code", None)
    if found is not None and found[0] is locale:
        return found[1]
    code = str(locale)
    state.sammen_locale_code = (locale, code)
    return code


def _formatted(value: date | datetime, pattern: str) -> str:
    return _format(value, pattern, current_locale(), current_app.config["BABEL_DEFAULT_TIMEZONE"])


def when(value: datetime) -> str:
    """'tirsdag 24. november kl. 10.00' / 'Tuesday 24 November at 10:00', Copenhagen time."""
    return _formatted(value, _("EEEE d MMMM 'at' HH:mm"))


def day(value: date | datetime) -> str:
    """'tirsdag 24. november' / 'Tuesday 24 November'."""
    return _formatted(value, _("EEEE d MMMM"))


def clock(value: datetime) -> str:
    """'10.00' / '10:00', Copenhagen time."""
    return _formatted(value, _("HH:mm"))


def long_date(value: date | datetime) -> str:
    """'22. november 2026' / '22 November 2026'."""
    return _formatted(value, _("d MMMM y"))


def _formatted_message(eval_ctx, text: str, variables: dict):
    """What Jinja's "newstyle" gettext does with a translation: Markup in an autoescaped
    template, and always %-formatted (so '%%' is a percent sign), but without the formatting
    work when the text has no '%' at all."""
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _jinja_gettext(eval_ctx, text: str, /, **variables):
    return _formatted_message(eval_ctx, translations().ugettext(text), variables)


@pass_eval_context
def _jinja_ngettext(eval_ctx, singular: str, plural: str, num: int, /, **variables):
    variables.setdefault("num", num)
    return _formatted_message(eval_ctx, translations().ungettext(singular, plural, num),
                              variables)


@pass_eval_context
def _jinja_pgettext(eval_ctx, context: str, text: str, /, **variables):
    variables.setdefault("context", context)
    return _formatted_message(eval_ctx, translations().upgettext(context, text), variables)


@pass_eval_context
def _jinja_npgettext(eval_ctx, context: str, singular: str, plural: str, num: int, /,
                      **variables):
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _formatted_message(
        eval_ctx, translations().unpgettext(context, singular, plural, num), variables)


def init_app(app) -> None:
    app.extensions["babel"].instance.domain_instance = DOMAIN
    # The same behaviour as Jinja's newstyle gettext (which Flask-Babel installs), called
    # directly: Jinja's `_` looks up `gettext` and calls it through two context layers.
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(
        _=_jinja_gettext, gettext=_jinja_gettext, ngettext=_jinja_ngettext,
        pgettext=_jinja_pgettext, npgettext=_jinja_npgettext,
    )
    app.jinja_env.filters.update(when=when, day=day, clock=clock, long_date=long_date)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        available_languages=available_languages,
        language_name=language_name,
        text_direction=text_direction,
    )
