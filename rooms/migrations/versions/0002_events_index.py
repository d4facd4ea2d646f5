"""The wall reads a room's events in order: an index on (room_id, id).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_room_id_id", "events", ["room_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_room_id_id", table_name="events")
