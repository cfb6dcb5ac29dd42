"""Static files with a hash of their content in the address, kept by browsers for a year,
and every response compressed (brotli or gzip).

`url_for('static', filename=...)` adds `?v=<hash>` by itself (a URL default), so no template
has to remember. A request with the current hash gets `Cache-Control: immutable` for a year;
any other request (an old hash after a deploy, or none) gets the current file and must
revalidate. Stylesheets have the addresses of their fonts and images hashed too, so those are
kept for a year as well. Text files are compressed once per process, at the best level;
pages are compressed per response by Flask-Compress.

Our own small module, not a package: Flask-Static-Digest and WhiteNoise both need a build step
(hashed copies or precompressed files written to disk) and neither hashes the fonts and images
a stylesheet refers to."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import brotli
from flask import Flask, abort, current_app, request, send_file
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600
#: files worth compressing; fonts (woff2) and images (png) are compressed already
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".webmanifest", ".txt", ".map"}
#: url(...) in a stylesheet that points at a file of ours, not data: or another host
CSS_URL = re.compile(r"url\((['\"]?)(?![a-z]+:|/|#)([^'\")?#]+)([^'\")]*)\1\)")

compress = Compress()


@dataclass
class Asset:
    path: Path
    mtime: float
    digest: str
    mimetype: str
    #: the (possibly rewritten) text of a compressible file; None for binary files
    body: bytes | None = None
    encoded: dict[str, bytes] = field(default_factory=dict)

    def is_current(self) -> bool:
        """Whether the file on disk is still the one hashed."""
        try:
            return self.path.stat().st_mtime == self.mtime
        except OSError:
            return False

    def encode(self, encoding: str | None) -> bytes:
        """The body compressed with `encoding` ('br', 'gzip' or None), computed once."""
        assert self.body is not None
        if encoding is None:
            return self.body
        if encoding not in self.encoded:
            if encoding == "br":
                self.encoded[encoding] = brotli.compress(self.body, quality=11)
            else:
                self.encoded[encoding] = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self.encoded[encoding]


class Assets:
    """The app's static folder, hashed on first use and remembered for the process. In debug
    mode a changed file is hashed again. Only files that exist are kept, each under one name,
    so asking for missing files (or odd spellings of a file's name) keeps nothing more."""

    def __init__(self, folder: str, check_changes: bool = False):
        self.folder = folder
        self.check_changes = check_changes
        self._assets: dict[str, Asset] = {}

    def __len__(self) -> int:
        """How many files are kept."""
        return len(self._assets)

    def get(self, filename: str) -> Asset | None:
        """The file under static/ by its name there, or None."""
        name = filename
        asset = self._assets.get(name)
        if asset is None:
            name = posixpath.normpath(filename)
            asset = self._assets.get(name)
        if asset is not None and self.check_changes and not asset.is_current():
            del self._assets[name]
            asset = None
        if asset is None:
            asset = self._load(name)
            if asset is not None:
                self._assets[name] = asset
        return asset

    def digest(self, filename: str) -> str | None:
        asset = self.get(filename)
        return asset.digest if asset else None

    def _load(self, filename: str) -> Asset | None:
        joined = safe_join(self.folder, filename)
        if joined is None or not Path(joined).is_file():
            return None
        path = Path(joined)
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".js":
            mimetype = "text/javascript"
        elif path.suffix == ".webmanifest":
            mimetype = "application/manifest+json"
        raw = path.read_bytes()
        body = None
        if path.suffix in COMPRESSIBLE:
            body = self._hash_references(filename, raw) if path.suffix == ".css" else raw
            raw = body
        digest = hashlib.sha256(raw).hexdigest()[:12]
        return Asset(path=path, mtime=path.stat().st_mtime, digest=digest, mimetype=mimetype,
                     body=body)

    def _hash_references(self, filename: str, css: bytes) -> bytes:
        """Add the hash to the fonts and images a stylesheet refers to."""
        folder = PurePosixPath(filename).parent

        def hashed(match: re.Match) -> str:
            quote, target, rest = match.group(1), match.group(2), match.group(3)
            digest = self.digest(_normalise(folder / target))
            if digest is None or rest:
                return match.group(0)
            return f"url({quote}{target}?v={digest}{quote})"

        return CSS_URL.sub(hashed, css.decode("utf-8")).encode("utf-8")


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def assets() -> Assets:
    return current_app.extensions["sammen_assets"]


def _encoding() -> str | None:
    accepted = request.accept_encodings
    for encoding in ("br", "gzip"):
        if accepted.quality(encoding) > 0:
            return encoding
    return None


def serve_static(filename: str):
    """A file under static/: a year in the cache when the hash in the address is current."""
    asset = assets().get(filename)
    if asset is None:
        abort(404)
    if asset.body is not None:
        encoding = _encoding()
        response = current_app.response_class(asset.encode(encoding), mimetype=asset.mimetype)
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        response.set_etag(f"{asset.digest}-{encoding or 'identity'}")
    else:
        response = send_file(asset.path, mimetype=asset.mimetype, etag=asset.digest,
                             max_age=None, conditional=False)
    if request.args.get("v") == asset.digest:
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response.make_conditional(request)


def _hash_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values:
        digest = assets().digest(values.get("filename", ""))
        if digest:
            values["v"] = digest


#: responses that are the same for everyone: no session cookie, no `Vary: Cookie`
SESSIONLESS = {"static", "pwa.manifest", "pwa.service_worker"}


class SessionInterface(SecureCookieSessionInterface):
    """Flask-Login looks at the session after every request, which makes Flask add `Vary:
    Cookie`; on static files that would make the browser ask again for every file after
    logging in. Static files never need the session, so it is not saved for them."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint in SESSIONLESS:
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Compress responses and serve static files with hashes. Call it before any other
    after_request function is registered: Flask runs them last-registered first, so the
    compression then runs last, on the finished response."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    app.extensions["sammen_assets"] = Assets(app.static_folder, check_changes=app.debug)
    # create_app gives Flask no static_folder (so no static route of its own): this is it.
    app.add_url_rule(f"{app.static_url_path}/<path:filename>", endpoint="static",
                     view_func=serve_static)
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = SessionInterface()
    app.url_defaults(_hash_static_urls)
