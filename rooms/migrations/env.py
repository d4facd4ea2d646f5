"""Alembic's environment for the room store: migrations run on the
connection :func:`rooms.db.upgrade` passes in (``config.attributes``)."""

from alembic import context

from rooms.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
