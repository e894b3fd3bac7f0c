"""The review page: built from real extractions, opened in headless Chromium (DOM, screenshot, network log)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Optional

import pytest
from bs4 import BeautifulSoup

from extractors import extract
from extractors.review import LOW_CONFIDENCE, Span, collect_spans, render_text, review_page, review_page_from_extraction
from extractors.tables import programme_rows
from sample_programmes import RIVER_TXT

PROGRAMME = RIVER_TXT

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,900",
]


def chromium_binary() -> Optional[str]:
    """The Chromium executable (Debian's `chromium`), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


needs_chromium = pytest.mark.skipif(
    chromium_binary() is None,
    reason="Chromium is not installed (Debian package `chromium`; `make setup` installs it as root)",
)


def run_chromium(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    """Open `page` (file:// URL) in a fresh headless Chromium profile with extra flags."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def page_requests(net_log: Path) -> list[str]:
    """URLs the page itself requested (its network isolation key is the file:// origin).

    Chromium's own background requests (updates, accounts) are keyed to other sites and
    never leave the machine here (the host resolver maps every name to NOTFOUND).
    """
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"] for e in log["events"]
        if e["type"] == start_job and "file://" in str(e.get("params", {}).get("network_isolation_key", ""))
    ]


def highlighted(dom: str) -> set[tuple[str, str]]:
    """(kind, text) of every highlighted span of a page's DOM (label tags left out)."""
    soup = BeautifulSoup(dom, "html.parser")
    for tag in soup.select("mark.ent .tag"):
        tag.decompose()
    return {(mark["class"][1].removeprefix("ent-"), mark.get_text()) for mark in soup.select("#text mark.ent")}


@pytest.fixture(scope="module")
def extraction():
    return extract(PROGRAMME.encode("utf-8"), "river-2024.txt")


@pytest.fixture
def page_file(extraction, tmp_path: Path) -> Path:
    path = tmp_path / "river-2024.html"
    path.write_text(review_page_from_extraction(extraction, "river-2024.txt"), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- in the browser


@needs_chromium
def test_highlighted_spans_in_the_dom(page_file: Path, tmp_path: Path) -> None:
    dom = run_chromium(page_file, tmp_path, "--dump-dom").stdout
    texts = highlighted(dom)
    assert {"session", "item", "speaker", "affiliation"} <= {kind for kind, _ in texts}
    assert ("speaker", "Anna de Vries") in texts
    assert ("affiliation", "University of Padua") in texts
    assert any(k == "session" and t.startswith("Session 2 – Working with farmers") for k, t in texts)
    # the side list links every speaker to its highlighted span
    assert re.search(r'<a href="#t-doc-s\d+-i\d+-p\d+" class="person">Anna de Vries</a>', dom)


@needs_chromium
def test_screenshot_is_taken(page_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    run_chromium(page_file, tmp_path, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank image


@needs_chromium
def test_page_makes_no_network_request(page_file: Path, tmp_path: Path) -> None:
    html_text = page_file.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html_text, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html_text, re.I)
    net_log = tmp_path / "net.json"
    run_chromium(page_file, tmp_path, f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == []


@needs_chromium
def test_network_log_catches_external_resources(tmp_path: Path) -> None:
    """The network assertion above can fail: a page with an external image is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><img src="https://cdn.example.com/x.png"></body></html>')
    net_log = tmp_path / "net.json"
    run_chromium(bad, tmp_path, f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == ["https://cdn.example.com/x.png"]


@needs_chromium
def test_script_in_document_is_shown_as_text(tmp_path: Path) -> None:
    source = ("Workshop <script>document.title='pwned'</script> 2024\n\n"
              "Session 1 – Tags <b>bold</b> & more\n"
              "- A talk about <img src=x onerror=alert(1)>, Anna de Vries, Utrecht University\n")
    extraction = extract(source.encode("utf-8"), "evil.txt")
    page = tmp_path / "evil.html"
    page.write_text(review_page_from_extraction(extraction, "evil.txt"), encoding="utf-8")
    dom = run_chromium(page, tmp_path, "--dump-dom").stdout
    assert "<script" not in dom.lower() and "<img" not in dom.lower() and "<b>" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    soup = BeautifulSoup(dom, "html.parser")
    assert soup.title.get_text() != "pwned"  # the script did not run
    assert "<script>document.title='pwned'</script>" in soup.select_one("#text").get_text()


# --------------------------------------------------------------------------- without a browser


def _rows(confidence: float) -> dict[str, list[dict]]:
    text_rows = {
        "meetings": [{"meeting_id": "d:m1", "title": "T"}],
        "sessions": [{"session_id": "d:s1", "ordinal": 1, "number": "1", "title": "Rivers", "char_start": 0}],
        "items": [{"item_id": "d:s1:i1", "session_id": "d:s1", "ordinal": 1, "title": "Talk",
                   "char_start": 17, "char_end": 47}],
        "speakers": [{"speaker_id": "d:s1:i1:p1", "item_id": "d:s1:i1", "session_id": "d:s1", "ordinal": 1,
                      "name": "Ann Lee", "affiliation": "ACME", "confidence": confidence, "method": "ner",
                      "char_start": 23, "char_end": 30}],
        "chairs": [],
    }
    return text_rows


TEXT = "Session 1 Rivers\nTalk, Ann Lee, ACME Institute here\n"


@pytest.mark.parametrize("confidence, low", [(0.95, False), (LOW_CONFIDENCE, False), (0.5, True)])
def test_low_confidence_rows_are_marked(confidence: float, low: bool) -> None:
    page = review_page(TEXT, _rows(confidence))
    body = page.split('<div id="text">', 1)[1]  # after the legend
    assert ('class="ent ent-speaker low"' in body) is low
    assert ('class="ent ent-affiliation low"' in body) is low
    assert ("⚠ low" in body) is low


def test_spans_from_rows() -> None:
    spans = collect_spans(TEXT, _rows(0.9))
    found = {(s.kind, TEXT[s.start:s.end]) for s in spans}
    assert found == {("session", "Session 1 Rivers"), ("item", "Talk, Ann Lee, ACME Institute "[:30]),
                     ("speaker", "Ann Lee"), ("affiliation", "ACME")}


@pytest.mark.parametrize("spans, expected", [
    ([Span(0, 5, "item", "a")], '<mark class="ent ent-item" id="a" data-label="ITEM">abcde<span class="tag">ITEM</span></mark>fgh'),
    ([Span(0, 6, "item", "a"), Span(2, 4, "speaker", "b")], "ab<mark"),
    # a child crossing its parent's end is cut at the parent's end
    ([Span(0, 4, "item", "a"), Span(2, 7, "speaker", "b")],
     'ab<mark class="ent ent-speaker" id="b" data-label="PERSON">cd<span class="tag">PERSON</span></mark>'
     '<span class="tag">ITEM</span></mark>efgh'),
])
def test_render_text_nests_marks(spans: list[Span], expected: str) -> None:
    assert expected in render_text("abcdefgh", spans)


def test_extraction_and_tables_give_the_same_page(extraction) -> None:
    rows = programme_rows("doc", extraction.programme)
    from_tables = review_page(extraction.document.text, rows, source_path="river-2024.txt", status="ok")
    assert from_tables == review_page_from_extraction(extraction, "river-2024.txt")


def test_review_command_writes_the_page(tmp_path: Path) -> None:
    from pipelines.cli import main

    source = tmp_path / "river 2024.txt"
    source.write_text(PROGRAMME, encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["review", str(source), "--out", str(out)]) == 0
    assert {"speaker", "affiliation"} <= {kind for kind, _ in highlighted(out.read_text(encoding="utf-8"))}
    assert main(["review", str(tmp_path / "missing.txt"), "--out", str(out)]) == 2
