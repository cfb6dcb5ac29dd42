"""The installable app: web app manifest, service worker, offline page, hashed static files."""

from flask import Blueprint

bp = Blueprint("pwa", __name__)
