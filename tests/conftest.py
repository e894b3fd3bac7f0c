"""Shared fixtures: a small RAW folder written by the tests, and a temporary Dagster instance."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import dagster as dg
import pytest
from sample_programmes import RIVER_TXT

TXT_PROGRAMME = RIVER_TXT

HTML_PROGRAMME = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Urban Heat Symposium 2023</title></head>
<body>
<h1>Urban Heat Symposium 2023</h1>
<p>5 June 2023, Vienna, Austria</p>
<h2>Session 1 – Cooling cities</h2>
<ul>
<li>Green roofs and street temperature, Lena Huber, University of Vienna</li>
<li>Mapping heat islands from satellites, Paul Martin, Météo-France</li>
</ul>
</body></html>
"""


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A RAW folder with a text programme and an HTML programme."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "river-2024.txt").write_text(TXT_PROGRAMME, encoding="utf-8")
    (raw / "heat 2023.html").write_text(HTML_PROGRAMME, encoding="utf-8")
    return raw


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """A real, temporary, persistent Dagster instance (SQLite in a temporary folder)."""
    with dg.instance_for_test() as inst:
        yield inst
