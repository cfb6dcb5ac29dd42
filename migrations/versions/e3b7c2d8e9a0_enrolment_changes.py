"""enrolment_changes: the history of an enrolment's package and support level (when, who,
from, to)

Revision ID: e3b7c2d8e9a0
Revises: e2a6b1c7d8f9
Create Date: 2026-11-25 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3b7c2d8e9a0'
down_revision = 'e2a6b1c7d8f9'
branch_labels = None
depends_on = None

PACKAGES = ('clarification', 'package_1', 'package_2', 'package_3', 'phase_out')
LEVELS = ('light', 'moderate', 'high', 'extensive')


def upgrade():
    op.create_table('enrolment_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=False),
    sa.Column('package_from', sa.Enum(*PACKAGES, name='package_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('package_to', sa.Enum(*PACKAGES, name='package_to', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('level_from', sa.Enum(*LEVELS, name='level_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('level_to', sa.Enum(*LEVELS, name='level_to', native_enum=False, create_constraint=True), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_enrolment_changes_changed_by_id_users')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_enrolment_changes_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment_changes'))
    )
    with op.batch_alter_table('enrolment_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_changes_enrolment_id'), ['enrolment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('enrolment_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_changes_enrolment_id'))
    op.drop_table('enrolment_changes')
