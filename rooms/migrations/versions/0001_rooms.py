"""Rooms, their members and the events they pool.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False, index=True),
        sa.Column("max_students", sa.Integer, nullable=False),
        sa.Column("max_rows", sa.Integer, nullable=False),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "room_id",
            sa.Integer,
            sa.ForeignKey("rooms.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("nickname", sa.String(24), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("room_id", "nickname", name="uq_members_room_nickname"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "member_id",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("client_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("step", sa.String(80)),
        sa.Column("said", sa.String(80)),
        sa.Column("correct", sa.Boolean),
        sa.Column("w0", sa.Float),
        sa.Column("b0", sa.Float),
        sa.Column("eta", sa.Float),
        sa.Column("method", sa.String(80)),
        sa.Column("epochs", sa.Integer),
        sa.Column("final_loss", sa.Float),
        sa.Column("status", sa.String(80)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("room_id", "client_id", name="uq_events_room_client"),
    )


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("members")
    op.drop_table("rooms")
