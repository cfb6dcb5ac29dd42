"""walk-ins wait for the citizen's own check-in

Revision ID: c5e1a9d3f207
Revises: b8d2e6f4c317
Create Date: 2026-11-24 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1a9d3f207'
down_revision = 'b8d2e6f4c317'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('walk_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_walk_ins_added_by_id_users')),
    sa.ForeignKeyConstraint(['meeting_id'], ['course_sessions.id'], name=op.f('fk_walk_ins_meeting_id_course_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walk_ins')),
    sa.UniqueConstraint('meeting_id', 'email', name=op.f('uq_walk_ins_meeting_id_email'))
    )


def downgrade():
    op.drop_table('walk_ins')
