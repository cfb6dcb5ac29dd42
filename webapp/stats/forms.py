"""The period and offer the statistics are for (a GET form: no CSRF, nothing changes)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, ValidationError
from wtforms.validators import Optional

from webapp.forms import Form
from webapp.goals.forms import DayField
from webapp.stats.services import MAX_DAYS, Period, default_period


class PeriodForm(Form):
    class Meta:
        csrf = False

    # Short Danish names in the address, like the rest of the app's addresses.
    since = DayField(_l("From"), name="fra", validators=[Optional()])
    until = DayField(_l("To"), name="til", validators=[Optional()])
    offer = SelectField(_l("Offer"), name="tilbud", validate_choice=False)

    def __init__(self, offers, today: date, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = {str(offer.id): offer for offer in offers}
        self.offer.choices = [("", _l("All your offers"))] + [
            (str(offer.id), offer.title) for offer in offers]
        self.default = default_period(today)
        # A date left out (or emptied) is the default one, shown in the field.
        for f, value in ((self.since, self.default.since), (self.until, self.default.until)):
            if f.data is None and not (f.raw_data and f.raw_data[0].strip()):
                f.data, f.raw_data = value, None

    @property
    def period(self) -> Period:
        return Period(self.since.data or self.default.since, self.until.data or self.default.until)

    def chosen_offers(self) -> list:
        """The one offer chosen, or all of them."""
        if self.offer.data:
            return [self.offers[self.offer.data]]
        return list(self.offers.values())

    def validate_offer(self, field):
        if field.data and field.data not in self.offers:
            raise ValidationError(_l("Choose one of your offers."))

    def validate_until(self, field):
        if self.since.errors:
            return
        period = self.period
        if period.until < period.since:
            raise ValidationError(_l("The end date must be on or after the start date."))
        if (period.until - period.since).days > MAX_DAYS:
            raise ValidationError(_l("Choose a period of at most 3 years."))
