"""Home, language choice and the footer pages."""

from flask import Blueprint

bp = Blueprint("main", __name__)
