"""outbox drafts rendered after commit

Emails are queued as drafts (plain values) with the change that causes them and rendered
when they are delivered, after that change has committed; `message` holds the rendered
bytes from then on. Existing rows are already rendered.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:10:10.995948

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft', sa.JSON(), nullable=True))
        batch_op.alter_column('message',
               existing_type=sa.LargeBinary(),
               nullable=True)


def downgrade():
    # Drafts not yet rendered cannot be kept without the column that holds them.
    op.execute("DELETE FROM outbox_message WHERE message IS NULL")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('message',
               existing_type=sa.LargeBinary(),
               nullable=False)
        batch_op.drop_column('draft')

