"""goals: schema changes for issue 4 (goals)

Revision ID: a4d0c1e2f301
Revises: c5f68d18a5f6
Create Date: 2026-11-22 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4d0c1e2f301'
down_revision = 'c5f68d18a5f6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
