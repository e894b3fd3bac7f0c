"""Per-document progress events, from the document asset to whoever listens in this process.

The `document_tables` asset calls `report(event)` once per document of its run (extracted,
failed or skipped as unchanged); the event also goes to the run's log. The CLI runs the
assets in-process and `listen`s to print one progress line per document as it finishes.
A listener is a plain callable; `listening(fn)` registers one for a `with` block.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Optional


@dataclass(frozen=True)
class DocumentDone:
    """One document of a run is finished."""

    key: str
    source_path: str
    state: str  # "ok", "partial", "failed" or "unchanged (<status>)"
    status: str  # the stored documents.status
    sessions: int
    items: int
    speakers: int
    seconds: float
    error: Optional[str] = None

    def line(self) -> str:
        """'<path> <state> N sessions, N items, N speakers (t s)'."""
        return (f"{self.source_path} {self.state} {self.sessions} sessions, {self.items} items, "
                f"{self.speakers} speakers ({self.seconds:.1f} s)")


Listener = Callable[[DocumentDone], None]
_LISTENERS: list[Listener] = []


def report(event: DocumentDone) -> None:
    """Hand `event` to every listener of this process."""
    for listener in list(_LISTENERS):
        listener(event)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Register `listener` for the duration of a `with` block."""
    _LISTENERS.append(listener)
    try:
        yield
    finally:
        _LISTENERS.remove(listener)
