"""one reference zone: a conference held in one zone has no second reference zone

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.alter_column('secondary_zone', existing_type=sa.String(length=64), nullable=True)


def downgrade():
    # The older schema needs two zones: a one-zone conference shows its zone twice there.
    op.execute("UPDATE conference SET secondary_zone = primary_zone WHERE secondary_zone IS NULL")
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.alter_column('secondary_zone', existing_type=sa.String(length=64), nullable=False)
