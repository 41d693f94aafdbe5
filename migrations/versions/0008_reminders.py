"""reminders

Each conference's reminder offsets (24 hours and 1 hour before each day by default), the
moment a registration got its place, and one row per reminder given, whose unique key
(registration, day identity, offset) makes a second one impossible whichever sender runs.
Registrations holding a place already count as placed when they were confirmed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_minutes', sa.JSON(), server_default='[1440, 60]', nullable=False))
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placed_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE registration SET placed_at = confirmed_at WHERE status IN ('active', 'listener')")
    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('day_identity', sa.String(length=64), nullable=False),
    sa.Column('minutes_before', sa.Integer(), nullable=False),
    sa.Column('day_starts_at', sa.DateTime(), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('minutes_before >= 1', name=op.f('ck_reminder_minutes_before_positive')),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_reminder_outbox_message_id_outbox_message'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_reminder_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('registration_id', 'day_identity', 'minutes_before', name=op.f('uq_reminder_registration_id_day_identity_minutes_before'))
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_outbox_message_id'), ['outbox_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_outbox_message_id'))
    op.drop_table('reminder')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('placed_at')
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.drop_column('reminder_minutes')
