"""push: schema changes for issue 7 (reminders)

Revision ID: d7a3f4b5c604
Revises: c6f2e3a4b503
Create Date: 2026-11-22 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7a3f4b5c604'
down_revision = 'c6f2e3a4b503'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
