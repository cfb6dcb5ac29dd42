"""Group offers: the catalogue (Tilbud) and offer pages."""

from flask import Blueprint

bp = Blueprint("offers", __name__)
