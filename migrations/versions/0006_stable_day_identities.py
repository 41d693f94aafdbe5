"""stable day identities

Calendar UIDs and frab event ids used to be derived from workshop_day.id, which
SQLite hands to the next new row after a delete. Every existing day keeps exactly
what it has published (UID workshop-day-<id>@host, frab id <id>); new days get a
random identity and the next number of their conference's frab id counter, which
starts above every day id handed out so far.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

workshop_day = sa.table("workshop_day", sa.column("id", sa.Integer), sa.column("identity", sa.String),
                        sa.column("frab_id", sa.Integer))
conference = sa.table("conference", sa.column("last_frab_id", sa.Integer))


def highest_day_id_handed_out(connection) -> int:
    """The largest workshop_day id ever given: PostgreSQL's sequence remembers deleted rows, SQLite only those left."""
    highest = connection.execute(sa.select(sa.func.coalesce(sa.func.max(workshop_day.c.id), 0))).scalar_one()
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(sa.text("SELECT pg_get_serial_sequence('workshop_day', 'id')")).scalar_one()
        if sequence:
            issued = connection.execute(sa.text(
                f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}")).scalar_one()
            highest = max(highest, issued)
    return highest


def upgrade():
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_frab_id', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('workshop_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('frab_id', sa.Integer(), nullable=True))

    connection = op.get_bind()
    connection.execute(workshop_day.update().values(
        identity=sa.literal("workshop-day-", sa.String).concat(sa.cast(workshop_day.c.id, sa.String)),
        frab_id=workshop_day.c.id,
    ))
    connection.execute(conference.update().values(last_frab_id=highest_day_id_handed_out(connection)))

    with op.batch_alter_table('workshop_day', schema=None) as batch_op:
        batch_op.alter_column('identity', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('frab_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_workshop_day_identity'), ['identity'])


def downgrade():
    with op.batch_alter_table('workshop_day', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_workshop_day_identity'), type_='unique')
        batch_op.drop_column('frab_id')
        batch_op.drop_column('identity')
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.drop_column('last_frab_id')
