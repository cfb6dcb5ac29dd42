"""a goal with no group is shared with the counsellor the citizen chose; the audit trail
keeps a purpose code (shown in the reader's language) and the looker's role

goals.shared_with_id: the counsellor chosen for a shared goal with no group. Shared goals
with no group from before stay shared with no one until the citizen chooses (the app asks).

audit_events.purpose: the Danish words the app stored are turned into their codes; words no
code matches stay, and are shown as they are. audit_events.actor_role: the role of the one
who looked, filled in from their account.

Revision ID: a7d3e5f9c218
Revises: f6c2d8a4b913
Create Date: 2026-11-25 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e5f9c218'
down_revision = 'f6c2d8a4b913'
branch_labels = None
depends_on = None

#: code → the Danish words stored before (the first is written back on downgrade)
PURPOSES = {
    'meeting': ('Forberedelse af et møde med dig',),
    'goals': ('Opfølgning på dine mål', 'opfølgning på mål'),
    'referral': ('Behandling af din henvendelse', 'behandling af henvendelse'),
    'referral_answer': ('Svar på din henvendelse', 'svar på henvendelse'),
    'attendance': ('Registrering af dit fremmøde',),
    'course': ('Planlægning af dit forløb',),
    'enrolment': ('Indskrivning i et forløb',),
    'enrolment_end': ('Afslutning af dit forløb',),
    'referral_taken': ('henvendelse taget',),
    'referral_released': ('henvendelse lagt tilbage i køen',),
}


def _role():
    return sa.Enum('citizen', 'staff', 'admin', name='role', native_enum=False,
                   create_constraint=True, length=7)


def upgrade():
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_with_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_goals_shared_with_id_users'), 'users',
                                    ['shared_with_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_role', _role(), nullable=True))
    op.execute("UPDATE audit_events SET actor_role = "
               "(SELECT users.role FROM users WHERE users.id = audit_events.actor_id)")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('actor_role', existing_type=_role(), nullable=False)

    events = sa.table('audit_events', sa.column('purpose', sa.String))
    for code, words in PURPOSES.items():
        op.execute(events.update().where(events.c.purpose.in_(words))
                   .values(purpose=code))


def downgrade():
    events = sa.table('audit_events', sa.column('purpose', sa.String))
    for code, words in PURPOSES.items():
        op.execute(events.update().where(events.c.purpose == code).values(purpose=words[0]))
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        # A plain string first, so the role's CHECK constraint goes before the column.
        batch_op.alter_column('actor_role', existing_type=_role(), type_=sa.String(7))
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('actor_role')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_goals_shared_with_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('shared_with_id')
