"""Forms for the admin pages."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from webapp.auth.forms import RegisterForm
from webapp.auth.models import Role


class StaffAccountForm(RegisterForm):
    """A new counsellor or admin account: the register fields plus the role."""

    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(Role.STAFF.value, _l("Counsellor")),
                 SelectChoice(Role.ADMIN.value, _l("Admin"))],
        default=Role.STAFF.value,
    )
