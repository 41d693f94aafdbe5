"""spoken languages and interpretation: per day and item, and the interpretation channels of a platform

Downgrading leaves the three columns in place: they have defaults, so older code writes its rows as before
without knowing them, and an upgrade after a downgrade finds every statement still there (no row or value
is lost either way). The upgrade adds only the columns that are missing.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

COLUMNS = {
    'workshop_day': (('spoken_languages', '[]'), ('interpreted_into', '[]')),
    'agenda_item': (('spoken_languages', '[]'), ('interpreted_into', '[]')),
    'platform': (('interpretation_channels', '{}'),),
}


def upgrade():
    # Nothing stored says which language was spoken: every day and item starts as "not stated".
    inspector = sa.inspect(op.get_bind())
    for table, columns in COLUMNS.items():
        present = {column['name'] for column in inspector.get_columns(table)}
        missing = [(name, default) for name, default in columns if name not in present]
        if not missing:
            continue
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, default in missing:
                batch_op.add_column(sa.Column(name, sa.JSON(), server_default=default, nullable=False))


def downgrade():
    # Deliberately keeps the columns (see above): dropping them would lose what organisers stated.
    pass
