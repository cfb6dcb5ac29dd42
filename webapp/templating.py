"""Jinja as the app uses it, and fragments of pages rendered once and shared.

A fragment is a template rendered from a small, immutable *view*: everything it shows is in
the view (and the request's language), so its HTML is kept per app and handed to every
request that shows the same thing: the layout's header for everyone on the same page, a
meeting's card for everyone who sees it in the same state. It is rendered without the
request, the session or the user: a fragment that reaches for them fails loudly instead of
showing one person's data to another. What belongs to the visitor (the CSRF token, the
address of the page) goes into holes that are filled on each request.
"""

import re
from functools import lru_cache

from flask import Flask, current_app, request
from flask.globals import _cv_request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf as csrf_token
from markupsafe import Markup, escape

#: how many rendered fragments each worker keeps (a few KB each)
CACHE_SIZE = 4096
_HOLE = re.compile(r"<!--hole:(\w+)-->")
#: what fills each hole: nothing a visitor typed can open one, as autoescaping turns their '<'
#: into '&lt;'
_FILL = {
    "csrf": lambda: Markup(csrf_token()),
    "path": lambda: escape(request.full_path.rstrip("?")),
}


class _Unavailable:
    """Stands for the request, the session and the user while a fragment renders."""

    def __init__(self, name: str):
        self._name = name

    def _refuse(self, *_args):
        raise RuntimeError(f"A fragment may not use {self._name}; put what it needs in its view.")

    __getattr__ = __bool__ = _refuse


def add_hole(name: str, fill) -> None:
    """A hole a fragment leaves with `{{ hole(name) }}`, filled on each request with fill()
    (escaped text or Markup)."""
    _FILL[name] = fill


_ISOLATED = {
    "csrf_token": lambda: Markup("<!--hole:csrf-->"),
    "page_path": Markup("<!--hole:path-->"),
    "hole": lambda name: Markup(f"<!--hole:{name}-->"),
    **{name: _Unavailable(name) for name in ("request", "session", "g", "current_user")},
}


def _render(name: str, locale: str, view, make=None) -> tuple[str, ...]:
    """The fragment's HTML in `locale` (the request's), split at its holes: (text, hole,
    text, hole, text, ...). With `make`, the template's view is make(*view)."""
    if make is not None:
        view = make(*view)
    html = current_app.jinja_env.get_template(name).render(view=view, **_ISOLATED)
    return tuple(_HOLE.split(html))


class _Filled(dict):
    """A request's holes as add_hole() fills them, each worked out once (a page with twenty
    cards asked for its CSRF token forty times)."""

    def __missing__(self, name: str):
        value = self[name] = _FILL[name]()
        return value


def _filled() -> _Filled:
    environ = _cv_request.get().request.environ
    filled = environ.get("sammen.filled")
    if filled is None:
        filled = environ["sammen.filled"] = _Filled()
    return filled


def fragment(name: str, view, **fills) -> Markup:
    """Template `name` rendered from `view` (hashable, immutable) in the request's language,
    its holes filled for this request: those named in `fills` with their value (escaped),
    the others as add_hole() says."""
    return _filled_in(current_app.extensions["sammen_fragments"](name, str(get_locale()), view),
                      fills)


def fragment_of(name: str, make, key: tuple, **fills) -> Markup:
    """As fragment(), with the view made by make(*key), only when the fragment is rendered:
    `key` holds everything the view is made of (a database row, say), which is quicker to
    look up than a view made for every request."""
    return _filled_in(
        current_app.extensions["sammen_fragments"](name, str(get_locale()), key, make), fills)


def _filled_in(parts: tuple[str, ...], fills: dict) -> Markup:
    if len(parts) == 1:
        return Markup(parts[0])
    filled = _filled()
    return Markup("".join(part if i % 2 == 0 else
                          escape(fills[part]) if part in fills else filled[part]
                          for i, part in enumerate(parts)))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(fragment=fragment)
    # Each app keeps its own (tests make many); under a debug server templates can change,
    # so there they are rendered every time.
    app.extensions["sammen_fragments"] = (
        _render if app.debug else lru_cache(maxsize=CACHE_SIZE)(_render))
