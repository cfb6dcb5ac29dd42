"""What every domain shares: the Copenhagen day and zone, a refusal the rules give, and a
command run as one transaction."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from webapp.extensions import db

#: Sammen's days, times and deadlines are Copenhagen's
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_day(moment: datetime) -> date:
    """The calendar day of a moment in Copenhagen (right across daylight saving)."""
    return moment.astimezone(COPENHAGEN).date()


class Refusal(Exception):
    """A command the rules do not allow: a message for the user and the HTTP status that goes
    with it (409 for the state of things, 403 for access). The message is translated lazily,
    when it is shown."""

    def __init__(self, message, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def in_transaction(command):
    """Run a command in one transaction: commit what it did, or roll it all back (and
    release its locks) when it refuses or fails."""
    try:
        result = command()
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return result
