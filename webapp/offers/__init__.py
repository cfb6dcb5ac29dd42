"""Group offers: the catalogue (Tilbud) and offer pages."""

from flask import Blueprint

bp = Blueprint("offers", __name__)

from webapp.offers import views  # noqa: E402,F401
