"""removed workshops

The numbers of workshops a conference had and removed, so that their public pages
answer 410 Gone instead of 404.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 08:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('removed_workshop',
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conference.id'], name=op.f('fk_removed_workshop_conference_id_conference'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conference_id', 'number', name=op.f('pk_removed_workshop'))
    )


def downgrade():
    op.drop_table('removed_workshop')
