"""Calendar files: an .ics per meeting, and a citizen's personal subscription feed."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)
