"""referrals: schema changes for issue 5 (self-referral)

Revision ID: b5e1d2f3a402
Revises: c5f68d18a5f6
Create Date: 2026-11-22 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e1d2f3a402'
down_revision = 'c5f68d18a5f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decline_reason', sa.Enum(
            'other_group', 'more_support', 'outside_area', 'not_running', 'other',
            name='declinereason', native_enum=False, create_constraint=True), nullable=True))


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('decline_reason')
