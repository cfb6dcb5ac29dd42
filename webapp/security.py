"""Security headers on every response, and guards for each role."""

from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PERMISSIONS_POLICY = (
    "camera=(), geolocation=(), microphone=(), payment=(), usb=()"
)

#: HTTPS only, for a year, on every subdomain: production only, where the proxy terminates
#: HTTPS (on http://127.0.0.1 it would make the browser refuse the development server)
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("PRODUCTION"):
        headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if response.mimetype == "text/html":
        # Personal pages must not linger in shared caches.
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response


def _requires(allowed):
    """Let only logged-in users for whom allowed(user) holds in; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


citizen_required = _requires(lambda user: not user.is_staff)
staff_required = _requires(lambda user: user.is_staff)
admin_required = _requires(lambda user: user.is_admin)
