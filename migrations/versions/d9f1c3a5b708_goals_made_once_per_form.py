"""goals are made once per sending of the new-goal form

Revision ID: d9f1c3a5b708
Revises: c5e1a9d3f207
Create Date: 2026-11-24 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9f1c3a5b708'
down_revision = 'c5e1a9d3f207'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('goals', sa.Column('form_key', sa.String(length=64), nullable=True))
    op.create_index('ix_goals_citizen_id_form_key', 'goals', ['citizen_id', 'form_key'],
                    unique=True)


def downgrade():
    op.drop_index('ix_goals_citizen_id_form_key', table_name='goals')
    op.drop_column('goals', 'form_key')
