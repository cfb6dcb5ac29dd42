"""Accounts: register, log in, log out, profile."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
