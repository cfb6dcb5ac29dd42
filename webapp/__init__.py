"""Sammen: the citizen app for group-based social support in Ishøj and Vallensbæk."""

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.config import ROOT, Defaults, from_environment, secret_key_from_instance


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, instance/config.py, the environment, then `config` (tests)."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        static_folder=None,
        template_folder=str(ROOT / "templates"),
    )
    # Set after Flask(): given there, Flask adds its own static route; pwa.assets adds ours.
    app.static_folder = str(ROOT / "static")
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'sammen.db'}"
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A database server may have closed a pooled connection: test each one as it is
        # taken. A SQLite file has no connection to lose, and the test cost every request.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    if not app.config.get("SECRET_KEY"):
        if app.config.get("PRODUCTION"):
            raise RuntimeError("Set SECRET_KEY in the environment when SAMMEN_ENV=production.")
        app.config["SECRET_KEY"] = secret_key_from_instance(app.instance_path)
    if (app.config["PRODUCTION"] and app.config["RATELIMIT_ENABLED"]
            and app.config["RATELIMIT_STORAGE_URI"].startswith("memory://")):
        # Each gunicorn worker would count login attempts on its own: 4 workers, 4 × the limit.
        raise RuntimeError(
            "Set RATELIMIT_STORAGE_URI to a storage the workers share, e.g. "
            "redis://localhost:6379 or memcached://localhost:11211, when SAMMEN_ENV=production "
            "(memory:// counts login and sign-up attempts in each worker on its own).")
    if app.config["BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    if not app.debug and not app.testing:
        # Our own log lines (audit, staff changes) at INFO; libraries only when they warn.
        logging.basicConfig(level=logging.WARNING)
        logging.getLogger("webapp").setLevel(logging.INFO)

    _init_extensions(app)
    _register_blueprints(app)

    from webapp import cli

    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from webapp import htmx as htmx_responses
    from webapp import i18n, security
    from webapp.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate
    from webapp.pwa import assets

    assets.init_app(app)  # first: its compression must run after every other after_request
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    app.after_request(security.add_security_headers)
    app.after_request(htmx_responses.add_vary_header)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    from webapp import errors

    # Each domain package defines its blueprint in __init__.py and its routes in views.py;
    # importing the views here (not from the package) keeps models importable on their own.
    for domain in ("main", "auth", "offers", "meetings", "feeds", "goals", "staff", "admin",
                   "citizens", "enrolments", "stats", "pwa", "reminders", "referrals",
                   "profile"):
        import_module(f"webapp.{domain}.views")
        app.register_blueprint(import_module(f"webapp.{domain}").bp)
    errors.init_app(app)
    # Import every domain's models so Alembic and create_all see the whole schema.
    from webapp import models  # noqa: F401
