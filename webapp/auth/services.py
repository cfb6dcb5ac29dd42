"""Creating accounts, checking passwords, and the account a request is signed in as."""

import logging
from functools import cache

from sqlalchemy import bindparam, func, select

from webapp.auth.models import ACCOUNT_COLUMNS, Account, Role, User
from webapp.extensions import db, read

log = logging.getLogger(__name__)


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
    """Add a user to the session (the caller commits)."""
    user = User(name=name.strip(), email=normalise_email(email), role=role,
                phone=(phone or "").strip() or None, language=language)
    user.set_password(password)
    db.session.add(user)
    log.info("created %s account %s", role.value, user.email)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


@cache
def _account_query():
    users = User.__table__
    return select(*ACCOUNT_COLUMNS).where(users.c.id == bindparam("id"),
                                          users.c.is_active_account)


def signed_in(user_id: int) -> Account | None:
    """The account signed in with this id, or None when it is gone or deactivated (which
    signs it out at once)."""
    row = read(_account_query(), {"id": user_id}).first()
    return None if row is None else Account(row)


def user_of(account: Account | User) -> User:
    """The User behind the signed-in account, to change it (no query when the request
    already has it)."""
    return db.session.get(User, account.id)


def set_language(user: Account | User, code: str) -> None:
    user_of(user).language = code
