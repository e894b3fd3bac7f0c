"""The CLI's head start (`pipelines.pool`): parsing begins before Dagster loads; the asset takes it over."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from extractors.limits import DEFAULT_LIMITS
from pipelines import pool

PROGRAMME = "Session {n} – Rivers\n- Sediment budgets, Ana Ruiz, Utrecht University\n"


def documents(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    files = []
    for i in range(n):
        path = folder / f"meeting-{i}.txt"
        path.write_text(PROGRAMME.format(n=i + 1), encoding="utf-8")
        files.append(path)
    return files


def head_start_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "parse-head-start"]


def test_the_same_files_are_taken_over_in_any_order(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    files = documents(raw, 3)
    pool.start_parsing(raw, files, DEFAULT_LIMITS, 2)
    results = pool.take_parsed(raw, list(reversed(files)), DEFAULT_LIMITS, 2)
    assert results is not None
    outcomes = dict(results)
    assert set(outcomes) == set(files)
    assert all(o.status == "ok" and o.extraction.programme.sessions for o in outcomes.values())
    assert pool.take_parsed(raw, files, DEFAULT_LIMITS, 2) is None  # taken once
    assert not head_start_threads()


def test_other_files_or_limits_stop_the_head_start(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    files = documents(raw, 3)
    pool.start_parsing(raw, files, DEFAULT_LIMITS, 1)
    assert pool.take_parsed(raw, files[:2], DEFAULT_LIMITS, 1) is None  # not the planned files
    assert not head_start_threads()
    pool.start_parsing(raw, files, DEFAULT_LIMITS, 1)
    assert pool.take_parsed(raw, files, DEFAULT_LIMITS.with_(max_pages=3), 1) is None  # other limits
    pool.start_parsing(raw, files, DEFAULT_LIMITS, 1)
    pool.stop_parsing()  # a run that never reached its asset
    assert not head_start_threads()
    assert pool.take_parsed(raw, files, DEFAULT_LIMITS, 1) is None


@pytest.mark.parametrize("options", [{}, {"workers": 1, "wall_seconds": 30.0, "memory_mb": 700}, {"workers": None, "memory_mb": 2048}])
def test_the_cli_plans_what_the_extraction_resource_will_say(options: dict) -> None:
    """The CLI computes workers and limits without Dagster; the run's resource, configured from
    the same options, must agree, or the head start is thrown away."""
    from pipelines.cli import extraction_config, run_settings
    from pipelines.defs.resources import ExtractionSettings

    config = extraction_config(options).get("extraction", {}).get("config", {})
    settings = ExtractionSettings(**config)
    assert run_settings(options) == (settings.workers, settings.limits())
