"""leaving a waiting list is not an afbud: registrations.status may be 'left_waitlist'

Registrations that left a waiting list before this revision were stored as 'absent' and
cannot be told apart from a real afbud, so they stay as they are.

Revision ID: f6c2d8a4b913
Revises: e4a7c2b9d160
Create Date: 2026-11-25 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6c2d8a4b913'
down_revision = 'e4a7c2b9d160'
branch_labels = None
depends_on = None

BEFORE = ('signed_up', 'waitlisted', 'absent', 'attended', 'no_show')
AFTER = ('signed_up', 'waitlisted', 'absent', 'left_waitlist', 'attended', 'no_show')


def _status(values):
    """The column's type: a VARCHAR as long as the longest value, with its CHECK constraint
    (as webapp.types.enum_column makes it)."""
    return sa.Enum(*values, name='registrationstatus', native_enum=False,
                   create_constraint=True, length=max(len(v) for v in values))


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=_status(BEFORE), type_=_status(AFTER),
                              existing_nullable=False)


def downgrade():
    # Without the state, a registration that left a waiting list reads as an afbud again.
    op.execute("UPDATE registrations SET status = 'absent' WHERE status = 'left_waitlist'")
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=_status(AFTER), type_=_status(BEFORE),
                              existing_nullable=False)
