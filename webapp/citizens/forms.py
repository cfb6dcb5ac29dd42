"""The search for a citizen, and the forms on the citizen page: enrol in a § 85 course, end
an enrolment."""

from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SearchField, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from webapp.citizens.labels import PACKAGES, SUPPORT_LEVELS
from webapp.core import local_day
from webapp.enrolments.models import EnrolmentStatus, Package, SupportLevel
from webapp.forms import Form
from webapp.goals.forms import DayField
from webapp.types import utcnow

#: the longest search text (longer names do not exist)
SEARCH_MAX = 120


class CitizenSearchForm(Form):
    """Find a citizen by name: a GET form, so the search is in the address."""

    class Meta:
        csrf = False  # nothing changes

    q = SearchField(_l("Name"), filters=[lambda text: (text or "")[:SEARCH_MAX]])


def whole_number(value) -> int | None:
    """A select's value as an id; anything else is no choice (the field says so)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def date_field(label, message) -> DayField:
    # Today in Copenhagen, the app's day (the machine's date is UTC's).
    return DayField(label, default=lambda: local_day(utcnow()),
                    validators=[InputRequired(message)])


def joined(name, meaning) -> LazyString:
    """'Package 1: Support in a group.', translated when shown."""
    return LazyString(lambda: f"{name}: {meaning}")


class PackageAndLevel:
    """A form's chosen § 85 package and support level (its `package` and `support_level`
    radios), as the enums."""

    @property
    def chosen_package(self) -> Package:
        return Package(self.package.data)

    @property
    def chosen_level(self) -> SupportLevel:
        return SupportLevel(self.support_level.data)


class EnrolForm(PackageAndLevel, Form):
    """Enrol a citizen in a § 85 course with a package and a support level."""

    offer = SelectField(_l("Course"), coerce=whole_number, validate_choice=False,
                        validators=[InputRequired(_l("Choose a course."))])
    package = RadioField(
        _l("Package"),
        choices=[SelectChoice(p.value, joined(name, meaning))
                 for p, (name, meaning) in PACKAGES.items()],
        validators=[InputRequired(_l("Choose a package."))],
    )
    support_level = RadioField(
        _l("Support level"),
        choices=[SelectChoice(level.value, joined(name, hours))
                 for level, (name, hours) in SUPPORT_LEVELS.items()],
        validators=[InputRequired(_l("Choose a support level."))],
    )
    starts_on = date_field(_l("Start date"), _l("Write the date the course starts."))

    def __init__(self, offers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = {offer.id: offer for offer in offers}
        self.offer.choices = [(offer.id, offer.title) for offer in offers]

    def validate_offer(self, field):
        if field.data not in self.offers:
            raise ValidationError(_l("Choose one of your courses."))



class EndEnrolmentForm(Form):
    """End an enrolment: completed or withdrawn, on a date."""

    status = RadioField(
        _l("How did the course end?"),
        choices=[SelectChoice(EnrolmentStatus.COMPLETED.value, _l("Completed")),
                 SelectChoice(EnrolmentStatus.WITHDRAWN.value, _l("Stopped early"))],
        validators=[InputRequired(_l("Choose how the course ended."))],
    )
    ends_on = date_field(_l("End date"), _l("Write the date the course ended."))

    def __init__(self, starts_on: date, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on

    def validate_ends_on(self, field):
        if field.data and field.data < self.starts_on:
            raise ValidationError(_l("The end date cannot be before the start date."))
