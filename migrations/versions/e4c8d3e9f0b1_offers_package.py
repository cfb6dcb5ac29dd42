"""offers.package: the § 85 package a course gives; an afklaringsforløb is joined by referral,
without an assessment

Revision ID: e4c8d3e9f0b1
Revises: e3b7c2d8e9a0
Create Date: 2026-11-25 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4c8d3e9f0b1'
down_revision = 'e3b7c2d8e9a0'
branch_labels = None
depends_on = None

PACKAGES = ('clarification', 'package_1', 'package_2', 'package_3', 'phase_out')


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # Not a batch: SQLite would make the table anew, and the tables that refer to offers
        # stop the old one being dropped. ADD COLUMN takes the column's CHECK constraints.
        values = ", ".join(f"'{value}'" for value in PACKAGES)
        op.execute("ALTER TABLE offers ADD COLUMN package VARCHAR(13) "
                   f"CONSTRAINT ck_offers_package CHECK (package IN ({values})) "
                   "CONSTRAINT ck_offers_package_only_85 "
                   "CHECK (package IS NULL OR legal_basis = '85')")
    else:
        op.add_column('offers', sa.Column('package', sa.Enum(*PACKAGES, name='package', native_enum=False, create_constraint=True), nullable=True))
        op.create_check_constraint(op.f('ck_offers_package_only_85'), 'offers',
                                   "package IS NULL OR legal_basis = '85'")
    # The § 85 courses already made: an afklaringsforløb by its name, the others by the
    # package their enrolments have, when they all have the same one.
    offers = sa.table('offers', sa.column('id', sa.Integer), sa.column('title', sa.String),
                      sa.column('legal_basis', sa.String), sa.column('package', sa.String))
    enrolments = sa.table('enrolments', sa.column('offer_id', sa.Integer),
                          sa.column('package', sa.String))
    bind = op.get_bind()
    for offer_id, title in bind.execute(sa.select(offers.c.id, offers.c.title)
                                        .where(offers.c.legal_basis == '85')).all():
        if 'afklaring' in (title or '').lower():
            package = 'clarification'
        else:
            found = bind.execute(sa.select(enrolments.c.package).distinct()
                                 .where(enrolments.c.offer_id == offer_id,
                                        enrolments.c.package.is_not(None))).scalars().all()
            package = found[0] if len(found) == 1 else None
        if package:
            bind.execute(offers.update().where(offers.c.id == offer_id)
                         .values(package=package))


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("ALTER TABLE offers DROP COLUMN package")
    else:
        op.drop_constraint(op.f('ck_offers_package_only_85'), 'offers', type_='check')
        op.drop_column('offers', 'package')
