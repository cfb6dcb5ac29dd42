"""an inquiry can be taken by a counsellor, so two do not answer the same

Revision ID: e4a7c2b9d160
Revises: d9f1c3a5b708
Create Date: 2026-11-25 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a7c2b9d160'
down_revision = 'd9f1c3a5b708'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('taken_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('taken_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_referrals_taken_by_id_users'), 'users',
                                    ['taken_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_referrals_taken_by_id_users'), type_='foreignkey')
        batch_op.drop_column('taken_at')
        batch_op.drop_column('taken_by_id')
