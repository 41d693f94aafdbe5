"""session label and listener claims: what a conference calls its workshops, and "listeners admitted" only when said

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 15:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_label', sa.JSON(), nullable=True))
    # Existing conferences keep the name their pages showed until now; organisers can clear it.
    op.execute("""UPDATE conference SET session_label = '{"de": "Fachworkshop", "tr": "Çalıştay"}'""")
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.alter_column('session_label', existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.alter_column('listeners_admitted', existing_type=sa.Boolean(), nullable=True)


def downgrade():
    op.execute("UPDATE workshop SET listeners_admitted = false WHERE listeners_admitted IS NULL")
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.alter_column('listeners_admitted', existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.drop_column('session_label')
