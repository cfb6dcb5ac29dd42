"""Column types shared by the domains."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime, stored the same way on SQLite (which drops time zones) and
    PostgreSQL: naive values in UTC going in, aware UTC values coming out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_column(enum_cls: type[enum.Enum], **kw) -> Enum:
    """A portable enum column: a VARCHAR holding the member's value, with a CHECK constraint
    in the database on both SQLite and PostgreSQL. The constraint is named after the enum;
    give `name` when a table has two columns of one enum."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
        length=max(len(m.value) for m in enum_cls),
        name=kw.pop("name", enum_cls.__name__.lower()),
        **kw,
    )
