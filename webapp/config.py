"""Configuration: defaults here, then instance/config.py, then the environment."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    #: SAMMEN_ENV=production: HTTPS only (secure cookies, HSTS), and no setting left that is
    #: safe only on a developer's machine (create_app refuses to start with one)
    PRODUCTION = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    # Flask-Babel resolves relative paths against webapp/, so give it an absolute one.
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    #: set on every app: Flask-Limiter's one limiter would otherwise keep what the last app
    #: it was bound to said
    RATELIMIT_ENABLED = True
    #: memory:// counts in each worker process on its own: production needs a shared one
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per 15 minutes"
    REGISTER_RATE_LIMIT = "20 per hour"
    #: self-referrals (§ 82 a) sent, per account and per IP address
    REFERRAL_RATE_LIMIT = "5 per 15 minutes"
    REFERRAL_IP_RATE_LIMIT = "20 per 15 minutes"
    #: where citizens turn for § 85 courses (shown when they try to self-refer to one)
    SOCIALSERVICE_NAME = "Center for Socialservice"
    SOCIALSERVICE_PHONE = "43 57 75 75"
    SOCIALSERVICE_ADDRESS = "Ishøj Store Torv 37, 2635 Ishøj"
    #: whom a citizen calls about an inquiry (§ 82 a) that is late; None: SOCIALSERVICE_PHONE
    REFERRAL_PHONE: str | None = None
    #: the accessibility statement published through the state's WAS-tool
    WAS_URL = "https://www.was.digst.dk/sammen-ishoj-dk"
    #: set behind a reverse proxy that terminates HTTPS
    BEHIND_PROXY = False


def secret_key_from_instance(instance_path: str) -> str:
    """A development secret, generated once into instance/ and kept there."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        key = secrets.token_hex(32)
        f.write(key)
    return key


def from_environment() -> dict:
    """Settings the README lists, read from environment variables."""
    env = os.environ
    cfg: dict = {}
    if "SECRET_KEY" in env:
        cfg["SECRET_KEY"] = env["SECRET_KEY"]
    if "DATABASE_URL" in env:
        cfg["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    for name in ("RATELIMIT_STORAGE_URI", "WAS_URL", "SOCIALSERVICE_PHONE",
                 "SOCIALSERVICE_ADDRESS", "REFERRAL_PHONE"):
        if name in env:
            cfg[name] = env[name]
    if env.get("SAMMEN_ENV") == "production":
        cfg["PRODUCTION"] = True
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["REMEMBER_COOKIE_SECURE"] = True
    if env.get("BEHIND_PROXY", "").lower() in ("1", "true", "yes"):
        cfg["BEHIND_PROXY"] = True
    return cfg
