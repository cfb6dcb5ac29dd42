"""Creating accounts, checking passwords, and the account a request is signed in as."""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.auth.models import Role, User
from webapp.core import Refusal
from webapp.extensions import db

log = logging.getLogger(__name__)

EMAIL_TAKEN = _l("There is already an account with this e-mail. Log in instead.")


class EmailTaken(Refusal):
    """Another account has the e-mail (it may have been made a moment ago)."""

    def __init__(self):
        super().__init__(EMAIL_TAKEN)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def email_taken(email: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.email == normalise_email(email))
    ) > 0


def create_user(*, name: str, email: str, password: str, role: Role = Role.CITIZEN,
                phone: str | None = None, language: str | None = None) -> User:
    """Add a user to the session and flush (the caller commits). Raises EmailTaken when
    the e-mail has an account, also one made at the same moment by another request (the
    database's unique constraint decides; the transaction is then rolled back)."""
    user = User(name=name.strip(), email=normalise_email(email), role=role,
                phone=(phone or "").strip() or None, language=language)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if email_taken(email):
            raise EmailTaken() from None
        raise
    log.info("created %s account %s", role.value, user.email)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


def signed_in(user_id: int) -> User | None:
    """The active account signed in with this id, or None when it is gone or deactivated
    (which signs it out at its next request)."""
    return db.session.scalar(select(User).where(User.id == user_id, User.is_active_account))


def set_language(user: User, code: str) -> None:
    user.language = code
