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


def test_the_early_forkserver_guess_follows_new_and_touched_files(tmp_path: Path) -> None:
    """`probably_new_documents` (is it worth starting the forkserver before the CLI's imports?)."""
    import os

    raw, out = tmp_path / "raw", tmp_path / "out"
    files = documents(raw, 2)
    (raw / ".hidden").write_text("not a document", encoding="utf-8")
    assert pool.probably_new_documents(raw, out)  # nothing ingested yet
    assert not pool.probably_new_documents(tmp_path / "missing", out)  # the CLI refuses it: no forkserver
    (out / "documents").mkdir(parents=True)
    for i, _ in enumerate(files):
        (out / "documents" / f"meeting-{i}.parquet").write_bytes(b"")
    old = (out / "documents" / "meeting-0.parquet").stat().st_mtime_ns - 10**9
    for path in [*files, raw / ".hidden"]:
        os.utime(path, ns=(old, old))
    assert not pool.probably_new_documents(raw, out)  # every file older than the tables, none missing
    os.utime(files[1])  # edited after the last ingest
    assert pool.probably_new_documents(raw, out)
    os.utime(files[1], ns=(old, old))
    extra = raw / "meeting-copy.txt"  # copied with its old time kept: one file more than documents
    extra.write_text("Session 1\n", encoding="utf-8")
    os.utime(extra, ns=(old, old))
    assert pool.probably_new_documents(raw, out)


def test_the_forkserver_preload_leaves_the_model_out_of_the_garbage_collectors_sight() -> None:
    """What the forkserver loads (the last module of its preload list) is frozen, so the workers'
    full collections do not walk the model's objects; their young generation is collected less often."""
    import subprocess
    import sys

    code = "import gc; import pipelines.worker_models; print(gc.get_freeze_count(), gc.get_threshold()[0])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, young = map(int, done.stdout.split())
    assert frozen > 10_000  # the modules and the model: tens of thousands of objects
    assert young == pool.YOUNG_GENERATION_THRESHOLD  # inherited by the workers
