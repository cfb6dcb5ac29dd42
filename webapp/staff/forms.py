"""The counsellors' forms: an offer, a meeting, a weekly series, a cancellation, a walk-in."""

import re
from datetime import date

from babel import Locale
from babel.dates import get_day_names
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.citizens.labels import PACKAGES
from webapp.enrolments.models import Package
from webapp.forms import Form
from webapp.i18n import long_date
from webapp.offers.forms import TOPIC_LABELS
from webapp.offers.models import Admission, LegalBasis, OfferKind, Topic

#: the languages a group can be held in (the common languages in Ishøj and Vallensbæk)
GROUP_LANGUAGES = ["da", "en", "ar", "tr", "ur", "so", "pl", "uk", "fa"]
#: the most seats a meeting can have
CAPACITY_MAX = 200
#: the longest weekly series in one go
SERIES_MAX_DAYS = 366
_DATE_SEPARATORS = re.compile(r"[\s,;]+")


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (rendered by the `checkboxes` macro)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _required(message):
    return [InputRequired(message)]


def _written(message):
    """Required text: spaces alone do not count (every form takes them off first)."""
    return [DataRequired(message)]


def _capacity_field(label, description=None, optional=False):
    checks = [NumberRange(min=1, max=CAPACITY_MAX,
                          message=_l("Write a number from 1 to 200."))]
    return IntegerField(
        label, description=description,
        validators=([Optional()] if optional else _required(_l("Write the number of seats.")))
        + checks,
        render_kw={"inputmode": "numeric"},
    )


class OfferForm(Form):
    """An offer with all its fields. `capacity_floor` is the most citizens signed up for one
    coming meeting that uses the offer's capacity: the capacity cannot go below it."""

    title = StringField(_l("Title"), validators=_written(_l("Write a title."))
                        + [Length(max=120, message=_l("Write at most 120 characters."))])
    summary = StringField(
        _l("Summary"),
        description=_l("One or two short sentences. Citizens see it in the list of offers."),
        validators=_written(_l("Write a short summary."))
        + [Length(max=300, message=_l("Write at most 300 characters."))])
    description = TextAreaField(_l("What happens in the group"),
                                validators=_written(_l("Write what happens in the group.")),
                                render_kw={"rows": 5})
    who_for = TextAreaField(_l("Who the group is for"), validators=[Optional()],
                            render_kw={"rows": 3})
    what_you_get = TextAreaField(_l("What you get out of it"), validators=[Optional()],
                                 render_kw={"rows": 3})
    what_to_bring = TextAreaField(
        _l("What to bring"),
        description=_l("For example: clothes to walk in, and a packed lunch."),
        validators=[Optional(), Length(max=300, message=_l("Write at most 300 characters."))],
        render_kw={"rows": 2})
    topic = SelectField(_l("Topic"), validators=_required(_l("Choose a topic.")))
    legal_basis = RadioField(
        _l("Legal basis"),
        choices=[SelectChoice(LegalBasis.S82A.value, _l("§ 82 a: preventive offer, no assessment")),
                 SelectChoice(LegalBasis.S85.value, _l("§ 85: socio-pedagogical support"))],
        validators=_required(_l("Choose the legal basis.")))
    admission = RadioField(
        _l("How citizens get in"),
        choices=[SelectChoice(Admission.DROP_IN.value, _l("They just come along (§ 82 a)")),
                 SelectChoice(Admission.ASK_TO_JOIN.value,
                              _l("They ask for a place themselves (§ 82 a)")),
                 SelectChoice(Admission.THROUGH_COUNSELLOR.value,
                              _l("Through a counsellor or an adviser (§ 85)"))],
        validators=_required(_l("Choose how citizens get in.")))
    #: the § 85 package the course gives: it decides what citizens read about getting in
    package = RadioField(
        _l("§ 85 package"), validate_choice=False, validators=[Optional()], default="",
        description=_l("Only for a § 85 course. Citizens are referred to a clarification "
                       "course at once, without an assessment; the other packages follow an "
                       "assessment (VUM)."),
        choices=[SelectChoice("", _l("No package"))]
        + [SelectChoice(p.value, name) for p, (name, _meaning) in PACKAGES.items()])
    kind = RadioField(
        _l("Ongoing or time-limited"),
        choices=[SelectChoice(OfferKind.OPEN.value, _l("Ongoing: runs until it is archived")),
                 SelectChoice(OfferKind.TIME_LIMITED.value,
                              _l("Time-limited: from one date to another"))],
        validators=_required(_l("Choose whether the offer is ongoing or time-limited.")))
    starts_on = DateField(_l("First day"), validators=[Optional()],
                          description=_l("Only for a time-limited offer."))
    ends_on = DateField(_l("Last day"), validators=[Optional()],
                        description=_l("Only for a time-limited offer."))
    capacity = _capacity_field(_l("Seats per meeting"))
    location = SelectField(_l("Where the group meets"),
                           validators=_required(_l("Choose where the group meets.")))
    facilitators = CheckboxesField(_l("Counsellors who run the group"),
                                   validators=_required(_l("Choose at least one counsellor.")))
    languages = CheckboxesField(_l("Languages the group is held in"),
                                validators=_required(_l("Choose at least one language.")))

    def __init__(self, *args, locations=(), staff=(), capacity_floor=0, self_id=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity_floor = capacity_floor
        #: a counsellor (not an admin) must stay among the counsellors, or they lose the offer
        self.self_id = self_id
        self.topic.choices = [SelectChoice("", _("Choose a topic"))] + sorted(
            (SelectChoice(t.value, str(label)) for t, label in TOPIC_LABELS.items()),
            key=lambda choice: choice.label)
        self.location.choices = [SelectChoice("", _("Choose a place"))] + _places(locations)
        self.facilitators.choices = [SelectChoice(str(user.id), user.name) for user in staff]
        locale = get_locale()
        self.languages.choices = [SelectChoice(code, _language_name(code, locale))
                                  for code in GROUP_LANGUAGES]

    def validate_facilitators(self, field):
        if self.self_id is not None and str(self.self_id) not in (field.data or []):
            raise ValidationError(_("Choose yourself too. Otherwise you can no longer see or "
                                    "change the offer."))

    def validate_admission(self, field):
        # The database holds the same rule (admission_matches_legal_basis).
        if self.legal_basis.data == LegalBasis.S85.value \
                and field.data != Admission.THROUGH_COUNSELLOR.value:
            raise ValidationError(_("A § 85 course is joined through a counsellor or an "
                                    "adviser. Choose that, or choose § 82 a."))
        if self.legal_basis.data == LegalBasis.S82A.value \
                and field.data == Admission.THROUGH_COUNSELLOR.value:
            raise ValidationError(_("A § 82 a offer needs no assessment. Choose that citizens "
                                    "just come along or ask for a place, or choose § 85."))

    def validate_package(self, field):
        if field.data not in {p.value for p in Package}:
            raise ValidationError(_("Choose one of the packages, or no package."))
        if self.legal_basis.data != LegalBasis.S85.value:
            raise ValidationError(_("Only a § 85 course has a package. Choose no package, or "
                                    "choose § 85."))

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the dates a time-limited offer needs (an empty date field stops
        its own validators, so this is checked here)."""
        valid = super().validate(extra_validators)
        if self.kind.data != OfferKind.TIME_LIMITED.value:
            return valid
        first, last = self.starts_on, self.ends_on
        if first.data is None and not first.errors:
            first.errors = [_("Write the first day of a time-limited offer.")]
        if last.data is None and not last.errors:
            last.errors = [_("Write the last day of a time-limited offer.")]
        elif first.data and last.data and last.data < first.data:
            last.errors = [_("The last day must be on or after the first day.")]
        return valid and not (first.errors or last.errors)

    def validate_capacity(self, field):
        if field.data is not None and field.data < self.capacity_floor:
            raise ValidationError(seats_error(self.capacity_floor))

    def data_for_offer(self) -> dict:
        """The fields in the model's terms."""
        time_limited = self.kind.data == OfferKind.TIME_LIMITED.value
        return dict(
            title=self.title.data, summary=self.summary.data,
            description=self.description.data, who_for=self.who_for.data or "",
            what_you_get=self.what_you_get.data or "",
            what_to_bring=self.what_to_bring.data or "",
            topic=Topic(self.topic.data), legal_basis=LegalBasis(self.legal_basis.data),
            admission=Admission(self.admission.data), kind=OfferKind(self.kind.data),
            package=Package(self.package.data) if self.package.data else None,
            starts_on=self.starts_on.data if time_limited else None,
            ends_on=self.ends_on.data if time_limited else None,
            capacity=self.capacity.data, location_id=int(self.location.data),
            facilitator_ids=[int(v) for v in self.facilitators.data],
            languages=[code for code in GROUP_LANGUAGES if code in self.languages.data],
        )


def _language_name(code, locale) -> str:
    name = Locale.parse(code).get_display_name(locale) or code
    return name[:1].upper() + name[1:]


class _TimesMixin:
    """From and to, for one meeting or a series; `offer` limits the dates of a time-limited
    offer."""

    offer = None

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_("The meeting must end after it starts."))

    def _check_in_offer(self, day: date) -> None:
        offer = self.offer
        if offer is None or offer.kind is not OfferKind.TIME_LIMITED:
            return
        if (offer.starts_on and day < offer.starts_on) or (offer.ends_on and day > offer.ends_on):
            raise ValidationError(_("The offer runs from %(first)s to %(last)s. Choose a day "
                                    "in that time.", first=long_date(offer.starts_on),
                                    last=long_date(offer.ends_on)))


def _starts_field():
    return TimeField(_l("Starts at"), validators=_required(_l("Write when the meeting starts.")))


def _ends_field():
    return TimeField(_l("Ends at"), validators=_required(_l("Write when the meeting ends.")))


def _location_field():
    return SelectField(_l("Place"), validators=[Optional()])


def _places(locations) -> list[SelectChoice]:
    return [SelectChoice(str(place.id), f"{place.name}, {place.city}") for place in locations]


def _location_choices(locations, offer):
    default = _("The group's usual place") + (f" ({offer.location.name})" if offer else "")
    return [SelectChoice("", default)] + _places(locations)


class MeetingForm(_TimesMixin, Form):
    """One meeting (new or edited). `seats_taken` is how many citizens hold a seat now."""

    day = DateField(_l("Date"), validators=_required(_l("Write the date of the meeting.")))
    starts = _starts_field()
    ends = _ends_field()
    location = _location_field()
    capacity = _capacity_field(_l("Seats"), optional=True,
                               description=_l("Leave it empty to use the group's number of "
                                              "seats."))

    def __init__(self, *args, offer=None, locations=(), seats_taken=0, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.seats_taken = seats_taken
        self.today = today
        self.location.choices = _location_choices(locations, offer)

    def validate_day(self, field):
        if field.data and self.today and field.data < self.today:
            raise ValidationError(_("Choose a date from today on."))
        if field.data:
            self._check_in_offer(field.data)

    def validate_capacity(self, field):
        capacity = field.data if field.data is not None else (
            self.offer.capacity if self.offer else None)
        if capacity is not None and capacity < self.seats_taken:
            raise ValidationError(seats_error(self.seats_taken))


def seats_error(num: int) -> str:
    """The capacity error: at least as many seats as citizens signed up."""
    return ngettext("%(num)d citizen is signed up. Choose at least %(num)d seat.",
                    "%(num)d citizens are signed up. Choose at least %(num)d seats.", num)


def parse_dates(text: str) -> tuple[list[date], list[str]]:
    """Dates written as 24-12-2026, 24.12.2026, 24/12/2026 or 2026-12-24, separated by
    commas, spaces or lines: (the dates, the words that are not dates)."""
    found, bad = [], []
    for word in _DATE_SEPARATORS.split(text or ""):
        if not word:
            continue
        parts = re.split(r"[-./]", word)
        try:
            if len(parts) == 3 and len(parts[0]) == 4:
                found.append(date(int(parts[0]), int(parts[1]), int(parts[2])))
            elif len(parts) == 3:
                found.append(date(int(parts[2]), int(parts[1]), int(parts[0])))
            else:
                raise ValueError(word)
        except ValueError:
            bad.append(word)
    return found, bad


class SeriesForm(_TimesMixin, Form):
    """A weekly series: a weekday and a time, from one date to another, skipping some."""

    weekday = SelectField(_l("Weekday"), validators=_required(_l("Choose a weekday.")))
    starts = _starts_field()
    ends = _ends_field()
    first_day = DateField(_l("From"), validators=_required(_l("Write the first date.")))
    last_day = DateField(_l("To"), validators=_required(_l("Write the last date.")))
    skip = TextAreaField(
        _l("Dates to skip"), validators=[Optional()],
        description=_l("For example holidays. Write dates like 24-12-2026, one per line or "
                       "separated by commas."),
        render_kw={"rows": 2})
    location = _location_field()

    def __init__(self, *args, offer=None, locations=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.today = today
        days = get_day_names("wide", locale=get_locale())
        self.weekday.choices = [SelectChoice("", _("Choose a weekday"))] + [
            SelectChoice(str(n), days[n].capitalize()) for n in range(7)]
        self.location.choices = _location_choices(locations, offer)
        self.dates: list[date] = []

    def validate_first_day(self, field):
        if field.data and self.today and field.data < self.today:
            raise ValidationError(_("Choose a date from today on."))
        if field.data:
            self._check_in_offer(field.data)

    def validate_last_day(self, field):
        if not (field.data and self.first_day.data):
            return
        if field.data < self.first_day.data:
            raise ValidationError(_("The last date must be on or after the first date."))
        if (field.data - self.first_day.data).days > SERIES_MAX_DAYS:
            raise ValidationError(_("A series can be at most one year long. Make a new series "
                                    "for the next year."))
        self._check_in_offer(field.data)

    def validate_skip(self, field):
        skipped, bad = parse_dates(field.data)
        if bad:
            raise ValidationError(_("We cannot read %(text)s as a date. Write it like "
                                    "24-12-2026.", text=bad[0]))
        self.skipped = set(skipped)

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: the series must have at least one meeting."""
        if not super().validate(extra_validators):
            return False
        from webapp.staff.services import series_dates

        self.dates = series_dates(int(self.weekday.data), self.first_day.data,
                                  self.last_day.data, getattr(self, "skipped", set()))
        if not self.dates:
            self.first_day.errors = list(self.first_day.errors) + [_(
                "There are no meetings in this series: no %(weekday)s between the dates, "
                "or all of them are skipped.",
                weekday=self._weekday_name())]
            return False
        return True

    def _weekday_name(self) -> str:
        """The weekday as written in a sentence ("tirsdag", "Tuesday")."""
        return get_day_names("wide", locale=get_locale())[int(self.weekday.data)]


class CancelForm(Form):
    """Cancel a meeting: the reason citizens will read."""

    reason = TextAreaField(
        _l("Why is the meeting cancelled?"),
        description=_l("Citizens who are signed up read this. At most 300 characters."),
        validators=_written(_l("Write a short reason for the citizens.")),
        render_kw={"rows": 3})

    def validate_reason(self, field):
        if field.data and len(field.data) > 300:
            raise ValidationError(_("Write at most 300 characters. You wrote %(count)d.",
                                    count=len(field.data)))


class WalkInForm(Form):
    """A citizen who came without signing up: found by the e-mail of their Sammen account."""

    email = EmailField(
        _l("The citizen's e-mail"),
        description=_l("The e-mail they log in to Sammen with."),
        validators=_written(_l("Write the citizen's e-mail."))
        + [Length(max=254, message=_l("The e-mail address is too long."))])
