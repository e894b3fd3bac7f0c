"""Resource limits for parsing one untrusted document (see `isolation.py` and `safety.py`).

Every input file is hostile until proven otherwise: it is read once, checked against these
limits before any parser sees it, and parsed in a worker process that the limits bound.

    wall_seconds            wall-clock time for one document; the worker is killed after it
    memory_mb               address-space limit of the worker (RLIMIT_AS), also watched as RSS
    max_pages               PDFs with more pages are refused before their pages are read
    max_bytes               files larger than this are refused without being read
    max_decompressed_bytes  ZIP (docx) members and PDF streams may not inflate to more than this
    max_text_chars          text formats larger than this (bytes) and documents whose extracted
                            text is longer are refused
    max_zip_members         a .docx with more ZIP members is refused
    max_zip_ratio           a ZIP member that inflates more than this many times is a bomb
    max_zip_depth           archives nested deeper than this (a zip inside a zip ...) are refused

The defaults suit one programme (at most a few hundred pages) on a machine with a few
gigabytes of memory; `Limits.from_mapping` builds limits from configuration (Dagster
resource config, `dagster.yaml`), ignoring keys it does not know.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits applied to one document (all positive; see the module docstring)."""

    wall_seconds: float = 120.0
    memory_mb: int = 1024
    max_pages: int = 500
    max_bytes: int = 200 * MB
    max_decompressed_bytes: int = 500 * MB
    max_text_chars: int = 10_000_000
    max_zip_members: int = 10_000
    max_zip_ratio: float = 200.0
    max_zip_depth: int = 1

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"Limit {f.name} must be a positive number, not {value!r}.")

    @property
    def memory_bytes(self) -> int:
        """`memory_mb` in bytes."""
        return int(self.memory_mb) * MB

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any] | None) -> "Limits":
        """Limits from a configuration mapping (unknown keys ignored, missing keys default)."""
        known = {f.name: f.type for f in fields(cls)}
        values = {k: v for k, v in (config or {}).items() if k in known and v is not None}
        return cls(**values)

    def with_(self, **changes: Any) -> "Limits":
        """A copy with some limits changed."""
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()
