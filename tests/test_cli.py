"""`python -m pipelines ingest RAW --out OUT` as a subprocess: every table, failures, re-runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from extractors.tables import ALL_TABLES
from pipelines.store import source_fingerprint

ROOT = Path(__file__).resolve().parent.parent


def ingest(raw: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--out", str(out), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def runs(out: Path) -> int:
    """Dagster runs recorded in OUT's own instance."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(out / ".dagster")) as instance:
        return instance.get_runs_count()


def read_all(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / t) for t in ALL_TABLES}


def test_ingest_cli(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "broken.docx").write_bytes(bytes(range(256)) * 4)  # binary, not a zip
    out = tmp_path / "out"
    code = source_fingerprint()
    proc = ingest(raw_dir, out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "[1/3]" in proc.stdout and "[3/3]" in proc.stdout
    assert "documents: 3" in proc.stdout and "failures: 1" in proc.stdout

    tables = read_all(out)
    docs = tables["documents"].set_index("source_path")
    assert docs.loc["broken.docx", "status"] == "failed"
    assert docs.loc["broken.docx", "error"].endswith("(UnsupportedFormat).")  # one sentence + the exception type
    assert set(docs.loc[["river-2024.txt", "heat 2023.html"], "status"]) == {"ok"}
    assert docs["document_id"].is_unique
    assert len(tables["meetings"]) == 2  # one per readable document
    assert len(tables["sessions"]) >= 2 and len(tables["items"]) >= 3
    assert set(tables["items"].session_id) <= set(tables["sessions"].session_id)
    assert set(tables["speakers"].item_id) <= set(tables["items"].item_id)
    assert (out / ".dagster" / "dagster.yaml").is_file()  # own instance, not the project's
    assert runs(out) == 1  # one run: all documents (one partition range), then the cross-document tables

    again = ingest(raw_dir, out)
    if source_fingerprint() != code:  # someone edited extractors/ meanwhile: re-runs may differ
        pytest.skip("the extractor code changed during the test")
    assert again.returncode == 0 and again.stdout.count(" unchanged (") == 3
    assert runs(out) == 1  # nothing new: no Dagster run at all
    for table, df in read_all(out).items():
        pd.testing.assert_frame_equal(df, tables[table], obj=table)

    (raw_dir / "new.md").write_text("# Day one\n\n## Session 1: Soils\n\n* Carbon, Ana Ruiz (UNODC)\n", encoding="utf-8")
    added = ingest(raw_dir, out)
    if source_fingerprint() != code:
        pytest.skip("the extractor code changed during the test")
    assert added.returncode == 0 and added.stdout.count(" unchanged (") == 3 and "new.md ok" in added.stdout
    assert runs(out) == 2  # one more run: the new document and the cross-document rebuild
    assert "new.md" in set(pd.read_parquet(out / "documents").source_path)
    (raw_dir / "new.md").unlink()

    forced = ingest(raw_dir, out, "--force")
    if source_fingerprint() != code:
        pytest.skip("the extractor code changed during the test")
    assert forced.returncode == 0 and " unchanged (" not in forced.stdout
    for table, df in read_all(out).items():
        cols = [c for c in df.columns if c != "ingested_at"]
        pd.testing.assert_frame_equal(df[cols], tables[table][cols], obj=table)

    (raw_dir / "broken.docx").unlink()
    pruned = ingest(raw_dir, out)
    assert pruned.returncode == 0
    assert "broken.docx" not in set(pd.read_parquet(out / "documents").source_path)
    assert len(list((out / "items").glob("*.parquet"))) == 2


@pytest.mark.parametrize("make_raw", [False, True])
def test_ingest_cli_refuses_bad_raw(tmp_path: Path, make_raw: bool) -> None:
    raw = tmp_path / "raw"
    if make_raw:
        raw.write_text("a file, not a folder")
    proc = ingest(raw, tmp_path / "out")
    assert proc.returncode != 0 and "RAW_DIR" in proc.stderr


def test_links_and_special_files_in_raw_get_a_failed_row_not_silence(tmp_path):
    """A dangling symlink, a symlink to a folder outside RAW and a FIFO are listed and
    refused with a recorded error; the good programme beside them is still ingested."""
    import os
    import subprocess
    import sys

    import pandas as pd

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "programme.txt").write_text("Session 1 – Opening\n- Welcome, Ann Lee, WHO\n", encoding="utf-8")
    (raw / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (raw / "outside").symlink_to(tmp_path)
    os.mkfifo(raw / "pipe.txt")
    proc = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    docs = pd.read_parquet(out / "documents").set_index("source_path")
    assert set(docs.index) == {"programme.txt", "dangling.txt", "outside", "pipe.txt"}
    assert docs.loc["programme.txt", "status"] == "ok"
    for name, words in [("dangling.txt", "does not exist"), ("outside", "outside the input folder"),
                        ("pipe.txt", "not a regular file")]:
        assert docs.loc[name, "status"] == "failed"
        assert words in docs.loc[name, "error"]


def test_a_rewrite_keeping_size_and_mtime_is_extracted_again(tmp_path: Path) -> None:
    """Re-runs remember each RAW file's stat (OUT/.archive/sources.json) and leave it unread; a
    file rewritten with the same size and mtime afterwards is still extracted again."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    path = raw / "moss.md"
    path.write_text("# Day one\n\n## Session 1: Soils\n\n* Carbon, Ana Ruiz (UNODC)\n", encoding="utf-8")
    code = source_fingerprint()
    assert ingest(raw, out).returncode == 0
    time.sleep(2.1)  # a stat taken within 2 s of the file's last change is not remembered
    again = ingest(raw, out)
    assert again.returncode == 0 and again.stdout.count(" unchanged (") == 1
    assert "moss.md" in json.loads((out / ".archive" / "sources.json").read_text(encoding="utf-8"))
    before = path.stat()
    path.write_text("# Day one\n\n## Session 1: Soils\n\n* Carbon, Ana Ruis (UNODC)\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    changed = ingest(raw, out)
    if source_fingerprint() != code:
        pytest.skip("the extractor code changed during the test")
    assert changed.returncode == 0 and " unchanged (" not in changed.stdout
    assert list(pd.read_parquet(out / "speakers").name) == ["Ana Ruis"]


def test_the_run_resumes_the_collector_the_cli_paused(tmp_path: Path) -> None:
    """`python -m pipelines` starts with the garbage collector off (imports allocate objects that
    live as long as the process); the Dagster run freezes what was loaded and turns it back on,
    so the run's own garbage is collected."""
    import gc

    from pipelines.cli import ingest as ingest_in_process

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "day.md").write_text("# Day one\n\n## Session 1: Soils\n\n* Carbon, Ana Ruiz (UNODC)\n", encoding="utf-8")
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        totals = ingest_in_process(raw, tmp_path / "out", echo=lambda _line: None)
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen  # what the run loaded, frozen
    finally:
        gc.enable()
    assert totals.documents == 1 and not totals.failures
