"""staff: schema changes for issue 6 (staff)

Revision ID: c6f2e3a4b503
Revises: b5e1d2f3a402
Create Date: 2026-11-22 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6f2e3a4b503'
down_revision = 'b5e1d2f3a402'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
