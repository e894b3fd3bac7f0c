"""A SQLite event log that stores a batch of Dagster events in one transaction.

Dagster can hand its event storage a batch of events (`store_event_batch`) instead of one
call per event when `DAGSTER_EVENT_BATCH_SIZE` is set: a batch run over many document
partitions records one materialisation per partition per asset, hundreds per run. The
SQLite storages shipped with Dagster store a batch one event at a time (a new connection
and a commit each, ~5-20 ms); `BatchingSqliteEventLogStorage` stores the whole batch
through one connection and one commit. Everything else is Dagster's
`ConsolidatedSqliteEventLogStorage` (one database file for all runs).

Used by the instances the CLI creates (`pipelines/cli.py`, `instance_yaml`); PostgreSQL
needs none of this (`dagster-postgres` batches natively).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Optional, Sequence

from dagster._core.storage.event_log.sqlite.consolidated_sqlite_event_log import (
    ConsolidatedSqliteEventLogStorage,
)


class BatchingSqliteEventLogStorage(ConsolidatedSqliteEventLogStorage):
    """`ConsolidatedSqliteEventLogStorage` whose `store_event_batch` uses one transaction."""

    _batch_connection: Optional[Any] = None

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        """The batch's open connection while a batch is stored, else a new one (Dagster's way)."""
        if self._batch_connection is not None:
            yield self._batch_connection
            return
        with super()._connect() as connection:
            yield connection

    def store_event_batch(self, events: Sequence[Any]) -> None:
        """Store `events` through one connection and one commit (all or nothing: on an error the
        transaction is rolled back and Dagster stores the events one by one)."""
        if len(events) <= 1:
            super().store_event_batch(events)
            return
        with super()._connect() as connection:
            self._batch_connection = connection
            try:
                for event in events:
                    self.store_event(event)
            finally:
                self._batch_connection = None
