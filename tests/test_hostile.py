"""Hostile and broken input (issue 4, library side): every file of a hostile corpus goes
through real worker processes under small limits; the pool survives, every file gets a
clear Outcome, nothing outside the folder is read and nothing is executed.

The corpus is built by `tests/hostile_factory.py` in a temporary folder; the workers are
real processes (forkserver), the PDFs, docx and bombs real files.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Iterator

import pytest

import hostile_factory as hf
from extractors.isolation import (
    STATUS_FAILED,
    Outcome,
    WorkerPool,
    crash_error,
    describe_exception,
    run_isolated,
)
from extractors.limits import MB, Limits
from extractors.safety import (
    FileChanged,
    LimitExceeded,
    UnreadableFile,
    UnsafePath,
    check_pdf,
    check_text,
    check_zip,
    format_found,
    pdf_inflated_bytes,
    read_stable,
    reference_loop,
    resolve_inside,
    safe_xml_parser,
)

# Small limits for tests: the gigabyte bombs must be refused after inflating at most 256 MB.
TEST_LIMITS = Limits(wall_seconds=30, memory_mb=768, max_decompressed_bytes=256 * MB)
ERROR_SHAPE = re.compile(r"^[A-Z].*\(\w+\)\.$")  # one sentence ending with "(ExceptionType)."


def _secret_line() -> str:
    """The first line of the file the XXE and symlink cases try to read."""
    try:
        return Path(hf.SECRET_FILE).read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return "root:x:0:0:"


def _texts(outcome: Outcome) -> Iterator[str]:
    """Every string an Outcome carries (text, blocks, programme, error)."""
    if outcome.error:
        yield outcome.error
    if outcome.extraction is None:
        return
    document, programme = outcome.extraction.document, outcome.extraction.programme
    yield document.text
    yield from (b.text for b in document.blocks)
    yield from (document.title or "", programme.meeting.title or "")
    for session in programme.sessions:
        yield session.title or ""
        for item in session.items:
            yield item.title or ""
            yield from (f"{s.name} {s.affiliation}" for s in item.speakers)


def _item_titles(outcome: Outcome) -> list[str]:
    assert outcome.extraction is not None
    return [item.title or "" for s in outcome.extraction.programme.sessions for item in s.items]


def _speaker_names(outcome: Outcome) -> list[str]:
    assert outcome.extraction is not None
    return [sp.name or "" for s in outcome.extraction.programme.sessions for item in s.items for sp in item.speakers]


# --------------------------------------------------------------------------- the corpus through the pool


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, hf.HostileCase]]]:
    folder = tmp_path_factory.mktemp("hostile") / "raw"
    cases = hf.build_hostile_folder(folder, big=True)
    yield folder, {c.name: c for c in cases}
    hf.unlock(folder)


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    with WorkerPool(TEST_LIMITS, processes=2) as p:
        yield p


@pytest.fixture(scope="module")
def outcomes(corpus, pool: WorkerPool) -> dict[str, Outcome]:
    folder, cases = corpus
    paths = [folder / name for name in cases]
    started = time.monotonic()
    results = list(pool.map(paths, folder))
    assert [p for p, _o in results] == paths, "map yields in input order"
    assert time.monotonic() - started < 90
    return {p.name: o for p, o in results}


def test_corpus_is_big_enough(corpus) -> None:
    _folder, cases = corpus
    assert len([c for c in cases.values() if not c.good]) >= 25
    assert len([c for c in cases.values() if c.good]) == 3


@pytest.mark.parametrize("name", hf.case_names())
def test_each_file_gets_a_clear_outcome(name: str, corpus, outcomes: dict[str, Outcome]) -> None:
    _folder, cases = corpus
    case, outcome = cases[name], outcomes[name]
    assert outcome.status in case.statuses, (outcome.status, outcome.error)
    if outcome.status == STATUS_FAILED:
        assert outcome.extraction is None
        assert outcome.error and ERROR_SHAPE.match(outcome.error), outcome.error
    elif outcome.status == "partial":
        assert outcome.error
    else:
        assert outcome.error is None and outcome.extraction is not None
    for word in case.error_words:
        assert word.lower() in (outcome.error or "").lower(), outcome.error
    if case.format_found:
        assert outcome.format_found == case.format_found
    for title in case.items:
        assert any(title in t for t in _item_titles(outcome)), (title, _item_titles(outcome))
    for speaker in case.speakers:
        assert speaker in _speaker_names(outcome)


def test_read_files_carry_their_bytes_and_hash(corpus, outcomes: dict[str, Outcome]) -> None:
    folder, _cases = corpus
    outcome = outcomes["good-programme.pdf"]
    data = (folder / "good-programme.pdf").read_bytes()
    assert outcome.data == data and outcome.n_bytes == len(data)
    assert outcome.content_hash == hashlib.sha256(data).hexdigest()
    assert outcome.source_path == "good-programme.pdf"
    refused = outcomes["link-outside.txt"]
    assert refused.data is None and refused.content_hash is None


def test_nothing_outside_the_folder_is_read(outcomes: dict[str, Outcome]) -> None:
    secret = _secret_line()
    for name, outcome in outcomes.items():
        for text in _texts(outcome):
            assert secret not in text, name


def test_nothing_is_executed(corpus, outcomes: dict[str, Outcome]) -> None:
    folder, _cases = corpus
    assert outcomes[hf.SHELL_NAME].status == "ok"
    for place in (folder, Path.cwd(), folder.parent):
        assert not (place / "pwned").exists()


def test_the_pool_survives_and_keeps_working(corpus, pool: WorkerPool, outcomes: dict[str, Outcome]) -> None:
    folder, _cases = corpus
    again = pool.run(folder / "good-programme.txt", folder)
    assert again.status == "ok"
    assert _item_titles(again) == _item_titles(outcomes["good-programme.txt"])


def test_good_programmes_read_the_same_alone(corpus, outcomes: dict[str, Outcome]) -> None:
    """The good programmes give the same items and speakers in a run without hostile files."""
    folder, _cases = corpus
    outcome = run_isolated(folder / "good-programme.html", folder, TEST_LIMITS)
    assert outcome.status == "ok"
    assert _item_titles(outcome) == _item_titles(outcomes["good-programme.html"])
    assert _speaker_names(outcome) == _speaker_names(outcomes["good-programme.html"])


def test_run_isolated_refuses_a_symlink_out_without_a_worker(corpus) -> None:
    folder, _cases = corpus
    started = time.monotonic()
    outcome = run_isolated(folder / "link-outside.txt", folder, TEST_LIMITS)
    assert outcome.status == "failed" and "outside the input folder" in (outcome.error or "")
    assert time.monotonic() - started < 5


# --------------------------------------------------------------------------- worker deaths


@pytest.fixture(scope="module")
def misbehaving_pool() -> Iterator[WorkerPool]:
    limits = Limits(wall_seconds=3, memory_mb=512)
    with WorkerPool(limits, processes=2, target="hostile_factory:misbehaving_target", warm_up=False) as p:
        yield p


def test_worker_deaths_become_failed_outcomes_and_the_rest_goes_on(tmp_path: Path, misbehaving_pool: WorkerPool) -> None:
    names = []
    for i, command in enumerate(hf.MISBEHAVIOURS):
        (tmp_path / f"{i}-bad.txt").write_bytes(command)
        (tmp_path / f"{i}-good.txt").write_text(f"Session {i}: still here", encoding="utf-8")
        names += [f"{i}-bad.txt", f"{i}-good.txt"]
    results = list(misbehaving_pool.map([tmp_path / n for n in names], tmp_path))
    assert [p.name for p, _o in results] == names
    for (path, outcome), command in zip(results[0::2], hf.MISBEHAVIOURS):
        assert outcome.status == "failed", path
        assert hf.MISBEHAVIOURS[command] in (outcome.error or ""), outcome.error
        assert ERROR_SHAPE.match(outcome.error or ""), outcome.error
    for path, outcome in results[1::2]:
        assert outcome.status == "ok", (path, outcome.error)
        assert "still here" in outcome.extraction.document.text
    assert misbehaving_pool.restarts >= 5


def test_timeout_message_names_the_limit(tmp_path: Path, misbehaving_pool: WorkerPool) -> None:
    (tmp_path / "slow.txt").write_bytes(b"sleep")
    started = time.monotonic()
    outcome = misbehaving_pool.run(tmp_path / "slow.txt", tmp_path)
    assert outcome.error == "Parsing took longer than the 3 s limit and was stopped (TimeoutError)."
    assert time.monotonic() - started < 15


def test_memory_message_names_the_limit(tmp_path: Path, misbehaving_pool: WorkerPool) -> None:
    (tmp_path / "greedy.txt").write_bytes(b"allocate")
    outcome = misbehaving_pool.run(tmp_path / "greedy.txt", tmp_path)
    assert outcome.error == "Parsing used more than the 512 MB memory limit and was stopped (MemoryError)."


def test_an_abandoned_map_does_not_leak_into_the_next_call(tmp_path: Path, misbehaving_pool: WorkerPool) -> None:
    (tmp_path / "1.txt").write_text("first document", encoding="utf-8")
    (tmp_path / "2.txt").write_bytes(b"sleep")
    (tmp_path / "3.txt").write_text("third document", encoding="utf-8")
    for _path, outcome in misbehaving_pool.map([tmp_path / n for n in ("1.txt", "2.txt", "3.txt")], tmp_path):
        assert "first document" in outcome.extraction.document.text
        break  # the sleeper is still in a worker
    (tmp_path / "4.txt").write_text("fourth document", encoding="utf-8")
    outcome = misbehaving_pool.run(tmp_path / "4.txt", tmp_path)
    assert outcome.status == "ok" and "fourth document" in outcome.extraction.document.text
    assert not any(w.task for w in misbehaving_pool._workers)


@pytest.mark.parametrize("exitcode, expected", [
    (-11, "The worker process died with signal 11 (SIGSEGV) (WorkerCrashed)."),
    (-6, "The worker process died with signal 6 (SIGABRT) (WorkerCrashed)."),
    (3, "The worker process exited unexpectedly with code 3 (WorkerCrashed)."),
])
def test_crash_messages(exitcode: int, expected: str) -> None:
    assert crash_error(exitcode) == expected


@pytest.mark.parametrize("exc, expected", [
    (ValueError("the PDF is encrypted with a password"), "The PDF is encrypted with a password (ValueError)."),
    (OSError("  spread\n over   lines. "), "Spread over lines (OSError)."),
    (RuntimeError(""), "No details (RuntimeError)."),
    (RecursionError(), "The document is nested too deeply to be parsed (RecursionError)."),
])
def test_exception_sentences(exc: BaseException, expected: str) -> None:
    assert describe_exception(exc, TEST_LIMITS) == expected


# --------------------------------------------------------------------------- paths and reading


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "inside.txt").write_text("Session 1", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    return folder


@pytest.mark.parametrize("make, checked, message", [
    (lambda r: (r / "out.txt").symlink_to(r.parent / "outside.txt"), "out.txt", "outside the input folder"),
    (lambda r: (r / "dir").symlink_to(r.parent, target_is_directory=True), "dir/outside.txt", "outside the input folder"),
    (lambda r: (r / "dangling.txt").symlink_to(r / "missing.txt"), "dangling.txt", "does not exist"),
    (lambda r: (r / "loop.txt").symlink_to(r / "loop.txt"), "loop.txt", "loops back"),
    (lambda r: os.mkfifo(r / "pipe.txt"), "pipe.txt", "not a regular file"),
    (lambda r: (r / "folder.txt").mkdir(), "folder.txt", "not a regular file"),
])
def test_resolve_inside_refuses(root: Path, make, checked: str, message: str) -> None:
    make(root)
    with pytest.raises(UnsafePath, match=message):
        resolve_inside(root / checked, root)


def test_resolve_inside_accepts_links_within_the_folder(root: Path) -> None:
    (root / "alias.txt").symlink_to(root / "inside.txt")
    assert resolve_inside(root / "alias.txt", root) == (root / "inside.txt").resolve()
    with pytest.raises(UnsafePath):
        resolve_inside(root / ".." / "outside.txt", root)


def test_read_stable_refuses_a_file_over_the_size_limit(root: Path) -> None:
    (root / "big.txt").write_bytes(b"x" * 2048)
    with pytest.raises(LimitExceeded, match="size limit"):
        read_stable(root / "big.txt", root, Limits(max_bytes=1024))


def test_read_stable_refuses_a_locked_file_even_as_root(root: Path) -> None:
    locked = root / "locked.txt"
    locked.write_text("x", encoding="utf-8")
    locked.chmod(0)
    try:
        with pytest.raises(UnreadableFile, match="permissions"):
            read_stable(locked, root, Limits())
    finally:
        locked.chmod(0o644)


def test_a_file_that_disappeared_is_reported(root: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no longer exists"):
        read_stable(root / "gone.txt", root, Limits())


def test_a_file_that_changes_while_read_is_refused(root: Path) -> None:
    """A separate process keeps appending to the file while it is read."""
    target = root / "growing.txt"
    target.write_bytes(b"x" * (8 * MB))
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nf = open(sys.argv[1], 'ab', buffering=0)\nwhile True:\n    f.write(b'y' * 64)\n    time.sleep(0.0005)", str(target)])
    try:
        size = target.stat().st_size
        while target.stat().st_size == size:
            time.sleep(0.01)
        errors = []
        for _ in range(5):
            try:
                read_stable(target, root, Limits())
            except FileChanged as exc:
                errors.append(exc)
                break
    finally:
        writer.kill()
        writer.wait()
    assert errors and "changed while it was being read" in str(errors[0])


# --------------------------------------------------------------------------- content guards


def test_zip_guard_passes_a_real_docx() -> None:
    assert check_zip(hf._docx_bytes(["Session 1"]), Limits()) > 0


@pytest.mark.parametrize("data_fn, limits, message", [
    (lambda: hf.zip_bomb_docx(1024), Limits(), "unpacks to more than"),
    (lambda: hf.zip_bomb_docx(64), Limits(max_decompressed_bytes=16 * MB), "unpacks to more than"),
    (lambda: hf.zip_bomb_docx(8), Limits(), "inflates"),
    (hf.nested_zip_docx, Limits(), "nested more than 1 deep"),
    (lambda: hf._docx_bytes(["x"]), Limits(max_zip_members=3), "members"),
])
def test_zip_guard_refuses_bombs(data_fn, limits: Limits, message: str) -> None:
    with pytest.raises(LimitExceeded, match=message):
        check_zip(data_fn(), limits)


def test_pdf_inflated_size_is_counted_without_inflating_everything() -> None:
    assert pdf_inflated_bytes(hf.flate_bomb_pdf(3), cap=100 * MB) == 3 * MB
    started = time.monotonic()
    assert pdf_inflated_bytes(hf.flate_bomb_pdf(4096), cap=64 * MB) <= 65 * MB  # a 4 GB stream
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("data_fn, limits, message", [
    (lambda: hf.flate_bomb_pdf(64), Limits(max_decompressed_bytes=32 * MB), "decompression bomb"),
    (lambda: hf.many_pages_pdf(30), Limits(max_pages=20), "30 pages"),
    (hf.cyclic_pdf, Limits(), "endless loop"),
])
def test_pdf_guard_refuses(data_fn, limits: Limits, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_pdf(data_fn(), limits)


def test_pdf_guard_passes_real_pdfs() -> None:
    for data in (hf.good_pdf(), hf.empty_password_pdf(), hf.many_pages_pdf(20)):
        check_pdf(data, Limits(max_pages=20))
    assert reference_loop(hf.good_pdf()) is None
    assert reference_loop(hf.cyclic_pdf()) == [8]


def test_text_guard_counts_utf16_characters() -> None:
    limits = Limits(max_text_chars=100)
    check_text(("a" * 90).encode("utf-16"), limits)  # 182 bytes with the BOM, but 91 characters
    with pytest.raises(LimitExceeded, match="characters"):
        check_text(b"a" * 101, limits)


@pytest.mark.parametrize("data, name, expected", [
    (b"", "x.pdf", "empty"),
    (hf.GOOD_HTML.encode(), "x.pdf", "html"),
    (hf.GOOD_TXT.encode(), "x.xyz", "txt"),
    (b"\x1f\x8b\x08\x00rest", "x.html", "gzip"),
    (b"\x89PNG\r\n\x1a\n", "x.txt", "png"),
    (bytes(range(256)) * 4, "x.txt", "binary"),
])
def test_format_found_decides_by_content(data: bytes, name: str, expected: str) -> None:
    assert format_found(data, name) == expected


# --------------------------------------------------------------------------- XML external entities


def test_safe_xml_parser_does_not_resolve_entities() -> None:
    from lxml import etree

    xml = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{hf.SECRET_FILE}">]><r>&x;</r>'.encode()
    root = etree.fromstring(xml, parser=safe_xml_parser())
    assert _secret_line() not in etree.tostring(root, encoding="unicode")


def test_the_html_reader_does_not_resolve_entities() -> None:
    from extractors.readers.html import read_html

    document = read_html(hf.xxe_html())
    assert _secret_line() not in document.text
    assert "Never expand entities" in document.text
    assert "fetch(" not in document.text and "injected" not in document.text


def test_the_docx_reader_does_not_resolve_entities() -> None:
    from extractors.readers.docx import read_docx

    data = hf.xxe_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<!ENTITY xxe SYSTEM" in archive.read("word/document.xml")
    try:
        document = read_docx(data)
    except ValueError:
        return  # refusing the document is safe too
    assert _secret_line() not in document.text
    assert "Session 1: Entities" in document.text


# --------------------------------------------------------------------------- limits


def test_limits_from_configuration() -> None:
    limits = Limits.from_mapping({"wall_seconds": 5, "memory_mb": 300, "unknown": 1, "max_pages": None})
    assert (limits.wall_seconds, limits.memory_mb, limits.max_pages) == (5, 300, Limits().max_pages)
    assert limits.memory_bytes == 300 * MB
    with pytest.raises(ValueError, match="positive"):
        Limits(wall_seconds=0)
