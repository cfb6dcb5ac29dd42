"""Admin commands: staff passwords, municipalities and meeting places."""

import logging
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.auth.models import STAFF_ROLES, User
from webapp.core import Refusal
from webapp.extensions import db
from webapp.offers.models import Location, Municipality

log = logging.getLogger(__name__)

NAME_TAKEN = _l("There is already a municipality with this name.")
CODE_TAKEN = _l("There is already a municipality with this code.")


class MunicipalityTaken(Refusal):
    """Another municipality has the name or the code: `field` says which."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field

#: letters and digits that cannot be mistaken for each other when read aloud or copied by
#: hand (no 0/O, 1/l/I)
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def generate_password(groups: int = 3, size: int = 4) -> str:
    """A random password like 'k7pm-x3qa-9fhd': about 64 bits, easy to read out."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size))
                    for _ in range(groups))


def staff_member(user_id: int) -> User | None:
    """A counsellor or admin account; None for anyone else."""
    user = db.session.get(User, user_id)
    return user if user is not None and user.role in STAFF_ROLES else None


def reset_password(admin, user: User, password: str) -> None:
    """Give the staff member a new password, and commit."""
    user.set_password(password)
    db.session.commit()
    log.info("admin %s reset the password of %s account %s", admin.id, user.role.value,
             user.id)


def municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def locations() -> list[Location]:
    return list(db.session.scalars(
        select(Location).options(joinedload(Location.municipality)).order_by(Location.name)))


def name_taken(name: str, other_than: int | None = None) -> bool:
    """Another municipality already has this name (case does not matter)."""
    query = select(Municipality.id).where(func.lower(Municipality.name) == name.lower())
    if other_than is not None:
        query = query.where(Municipality.id != other_than)
    return db.session.scalar(query) is not None


def code_taken(code: str, other_than: int | None = None) -> bool:
    query = select(Municipality.id).where(Municipality.code == code)
    if other_than is not None:
        query = query.where(Municipality.id != other_than)
    return db.session.scalar(query) is not None


def save(admin, obj, **values) -> None:
    """Create or update a municipality or a place with these values, and commit."""
    for name, value in values.items():
        setattr(obj, name, value)
    db.session.add(obj)
    db.session.commit()
    log.info("admin %s saved %s %s", admin.id, type(obj).__name__.lower(), obj.id)


def save_municipality(admin, municipality: Municipality, name: str, code: str) -> None:
    """Create or update a municipality, and commit. Raises MunicipalityTaken when another
    has the name or the code, also one saved at the same moment by another admin: the
    database's unique constraints decide."""
    other_than = municipality.id
    try:
        save(admin, municipality, name=name, code=code)
    except IntegrityError:
        db.session.rollback()
        if name_taken(name, other_than):
            raise MunicipalityTaken("name", NAME_TAKEN) from None
        if code_taken(code, other_than):
            raise MunicipalityTaken("code", CODE_TAKEN) from None
        raise
