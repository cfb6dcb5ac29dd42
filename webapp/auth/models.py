"""Accounts: citizens, counsellors (staff) and admins."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, String, false
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow


class Role(enum.Enum):
    CITIZEN = "citizen"
    STAFF = "staff"
    ADMIN = "admin"


#: the roles that run groups (admins do all that staff do)
STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def first_name_of(name: str) -> str:
    """'Amira' of 'Amira Hassan'."""
    return name.split()[0] if name.split() else name


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: always stored in lower case, so the unique constraint is case-insensitive
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.CITIZEN, index=True)
    #: the language the user chose (a locale code); None means "not chosen yet"
    language: Mapped[str | None] = mapped_column(String(10))
    notify_email: Mapped[bool] = mapped_column(Boolean, default=False)
    notify_push: Mapped[bool] = mapped_column(Boolean, default=False)
    #: calendar entries and reminders say "Sammen: møde kl. 10.00", never the group's name
    #: (a lock screen is seen by others; some names say something private)
    discreet_notifications: Mapped[bool] = mapped_column(Boolean, default=False,
                                                         server_default=false())
    #: a deactivated account cannot log in; its data stays for the municipality's records
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: secret in the address of the citizen's calendar feed (webcal); reset from the profile
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def first_name(self) -> str:
        return first_name_of(self.name)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"
