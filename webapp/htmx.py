"""The one place that decides whether a request gets a fragment or a full page."""

from flask import make_response, redirect, render_template, url_for
from jinja2_fragments.flask import render_block

from webapp.extensions import htmx


def wants_fragment() -> bool:
    """htmx asked for a part of a page. Boosted navigation and history restores (a cache
    miss after the back button) need the whole page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Render the block for an htmx swap, or else the whole page."""
    if block is not None and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return make_response(body, status)


def render_invalid(template: str, block: str | None = None, **context):
    """A form with errors: 422, which htmx is configured to swap."""
    return render(template, block, status=422, **context)


def render_form(template: str, form, block: str | None = None, **context):
    """A form page: as asked for (200), or sent back with its errors (422)."""
    status = 422 if form.is_submitted() else 200
    return render(template, block, status=status, form=form, **context)


def redirect_to(location: str):
    """After a successful POST: a 303 for browsers; for htmx, HX-Redirect, so the next page
    loads whole (a plain redirect would be followed by htmx and swapped into the form)."""
    if htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, 303)


def login_redirect(next_url: str):
    """An expired login inside an htmx request: tell htmx to load the login page as a whole
    page, instead of swapping it into a fragment."""
    target = url_for("auth.login", next=next_url)
    if htmx:
        response = make_response("", 401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def add_vary_header(response):
    response.vary.add("HX-Request")
    return response
