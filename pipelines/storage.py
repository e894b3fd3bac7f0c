"""A SQLite event log that stores a batch of Dagster events in one transaction.

Dagster can hand its event storage a batch of events (`store_event_batch`) instead of one
call per event when `DAGSTER_EVENT_BATCH_SIZE` is set: a batch run over many document
partitions records one materialisation per partition per asset, hundreds per run. The
SQLite storages shipped with Dagster store a batch one event at a time (a new connection
and a commit each, ~5-20 ms); `BatchingSqliteEventLogStorage` stores the whole batch
through one connection and one commit, with one INSERT for the event rows and one for
their indexed tags (`tests/test_scale.py` compares what it stores with what Dagster's own
storage stores for the same runs). Its connections stay open in a pool of this process
(Dagster's class opens a new engine and connection, with its PRAGMAs, for every query:
hundreds per run). It also remembers two schema questions Dagster
asks again for every stored asset event (does a table exist, does the asset key table have
its index columns), which otherwise cost a new database engine or a table inspection per
event: together about half of the time of storing a materialisation. Within a batch, an
asset key's row (which keeps its latest event) is updated by the last event of each kind
only. Everything else is
Dagster's `ConsolidatedSqliteEventLogStorage` (one database file for all runs).

Used by the instances the CLI creates (`pipelines/cli.py`, `instance_yaml`); PostgreSQL
needs none of this (`dagster-postgres` batches natively).
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator, Optional, Sequence

from sqlalchemy import create_engine

from dagster._core.storage.event_log.schema import SqlEventLogStorageTable
from dagster._core.storage.event_log.sql_event_log import ASSET_CHECK_EVENTS, ASSET_EVENTS
from dagster._core.storage.event_log.sqlite.consolidated_sqlite_event_log import (
    ConsolidatedSqliteEventLogStorage,
)
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS


class BatchingSqliteEventLogStorage(ConsolidatedSqliteEventLogStorage):
    """`ConsolidatedSqliteEventLogStorage` whose `store_event_batch` uses one transaction and
    whose schema checks are remembered."""

    _batch_connection: Optional[Any] = None
    _tables_found: Optional[set[str]] = None

    def has_table(self, table_name: str) -> bool:
        """Whether the database has a table; Dagster asks for every stored asset event, and the
        parent class opens a new engine each time. Tables are never dropped while the storage is
        open, so a table once found is remembered (a missing one is asked again)."""
        if self._tables_found is None:
            self._tables_found = set()
        if table_name in self._tables_found:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables_found.add(table_name)
        return found

    _index_columns: Optional[bool] = None

    def _has_asset_key_index_cols_on_connection(self, conn: Any) -> bool:
        """Whether the asset key table has its index columns; Dagster inspects the table for every
        stored asset event. A schema migration adds them, never removes them: once found, remembered."""
        if not self._index_columns:
            self._index_columns = super()._has_asset_key_index_cols_on_connection(conn)
        return self._index_columns

    _engine: Optional[Any] = None
    _engine_pid: Optional[int] = None

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        """The batch's open connection while a batch is stored, else one from this storage's pool,
        in a transaction. Dagster's class makes a new engine and a new SQLite connection for every
        query (about a millisecond each, hundreds per run); the pool keeps them open."""
        if self._batch_connection is not None:
            yield self._batch_connection
            return
        with self._pooled_engine().connect() as connection, connection.begin():
            yield connection

    def _pooled_engine(self) -> Any:
        """This process's engine (a forked child never uses its parent's open connections)."""
        if self._engine is None or self._engine_pid != os.getpid():
            if self._engine is not None:
                self._engine.dispose(close=False)  # the parent's connections stay the parent's
            self._engine = create_engine(self._conn_string, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            self._engine_pid = os.getpid()
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None and self._engine_pid == os.getpid():
            self._engine.dispose()
        self._engine = None
        super().dispose()

    def store_event_batch(self, events: Sequence[Any]) -> None:
        """Store `events` through one connection and one commit (all or nothing: on an error the
        transaction is rolled back and Dagster stores the events one by one).

        What `SqlEventLogStorage.store_event` does for each event, done for the batch: the event
        rows in one multi-row INSERT (their ids returned in order), the asset events' indexed
        tags in one INSERT, then each asset key's row (by the last event of each kind, see
        `superseded_asset_updates`) and each asset check event.
        """
        if len(events) <= 1 or not SQLITE_HAS_RETURNING:
            super().store_event_batch(events)  # Dagster's way: one event at a time
            return
        superseded = superseded_asset_updates(events)
        with self._connect() as connection:
            self._batch_connection = connection
            try:
                ids = insert_returning_ids(connection, [self._event_to_row(event) for event in events])
                asset_events = [(event, event_id) for event, event_id in zip(events, ids) if is_asset_event(event)]
                if asset_events:
                    self._store_asset_event_tags(connection, [e for e, _ in asset_events], [i for _, i in asset_events])
                for index, (event, event_id) in enumerate(zip(events, ids)):
                    if index not in superseded and is_asset_event(event):
                        self._store_asset_event(connection, event, event_id)
                    if event.is_dagster_event and event.dagster_event_type in ASSET_CHECK_EVENTS:
                        self.store_asset_check_event(event, event_id)
            finally:
                self._batch_connection = None


# INSERT ... RETURNING (the new ids of a multi-row insert) needs SQLite 3.35 or later.
SQLITE_HAS_RETURNING = sqlite3.sqlite_version_info >= (3, 35)


def is_asset_event(event: Any) -> bool:
    """Whether `store_event` would index this event under its asset key (tags, asset row)."""
    return bool(event.is_dagster_event and event.dagster_event_type in ASSET_EVENTS and event.dagster_event.asset_key)


def insert_returning_ids(connection: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert event rows in one statement; their new ids, in the order of `rows`."""
    table = SqlEventLogStorageTable
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return [row.id for row in connection.execute(statement, rows)]


def superseded_asset_updates(events: Sequence[Any]) -> set[int]:
    """Indexes of the events whose asset key row a later event of the batch, for the same asset
    and of the same type, updates again (the row holds the latest event only).

    A range run over 200 document partitions stores 200 materialisations of each asset in a
    row; each would serialise itself a second time into the asset key's row, which only the
    last one keeps.
    """
    seen: set[tuple[str, str]] = set()
    superseded: set[int] = set()
    for index in range(len(events) - 1, -1, -1):
        dagster_event = events[index].dagster_event
        if dagster_event is None or dagster_event.asset_key is None:
            continue
        key = (dagster_event.asset_key.to_string(), dagster_event.event_type_value)
        if key in seen:
            superseded.add(index)
        seen.add(key)
    return superseded
