"""embed origins

The web origins whose pages may show a conference's embeddable agenda in a frame; existing
conferences list none, so no site may frame them until the organiser names one.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('embed_origins', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.drop_column('embed_origins')
