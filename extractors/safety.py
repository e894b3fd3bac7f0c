"""Checks that stand between an untrusted input file and the parsers.

File system (run in the parent, before any byte is parsed):

    resolve_inside(path, root)      the real path, refusing anything that leaves `root`
                                    (symlinks, `..`), dangling links and non-regular files
    read_stable(path, root, limits) the bytes, read once through one file descriptor, refusing
                                    unreadable, oversized, swapped or changing files

Content (run in the worker, after the format is known, before the reader opens it):

    check_zip(data, limits)         ZIP/docx bombs: member count, total and per-member
                                    inflated size, inflation ratio, nested archives
    check_pdf(data, limits)         FlateDecode streams inflating past the limit (streamed,
                                    never held in memory) and page counts over the limit
    check_text(data, limits)        text formats larger than the text limit
    check_extracted_text(text, ...) extracted text longer than the text limit
    run_guards(data, fmt, limits)   the checks above that apply to a format

XML: `safe_xml_parser()` is an lxml parser that resolves no entities, loads no DTD and
never touches the network; the docx and HTML readers already behave so (python-docx's
parser has `resolve_entities=False`; the HTML reader uses `no_network=True` and libxml2's
HTML parser does not expand external entities), which `tests/test_hostile.py` proves.

Every refusal raises a subclass of `UnsafeInput` (a `ValueError`) or `UnreadableFile`
(a `PermissionError`) whose message is one human sentence.
"""
from __future__ import annotations

import errno
import io
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .limits import MB, Limits

TEXT_FORMATS = frozenset({"txt", "md", "html"})
# Member names that are archives themselves (checked recursively up to `max_zip_depth`).
NESTED_ARCHIVE_SUFFIXES = (".zip", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".odt", ".jar", ".epub")
# The ratio check only applies to members at least this big: tiny members compress wildly.
ZIP_RATIO_MIN_BYTES = 1 * MB
# Inflate PDF streams in steps of this size (the output is counted, never kept).
INFLATE_STEP = 1 * MB
INFLATE_INPUT_CHUNK = 64 * 1024
# A PDF whose raw bytes hold more page objects than this many times the page limit is refused
# even when its page tree cannot be read (incremental updates repeat page objects).
PAGE_OBJECT_SLACK = 2

_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
# An indirect object whose whole value is a reference to another object: `8 0 obj 9 0 R endobj`.
_REFERENCE_ONLY_OBJECT = re.compile(rb"(?<![\d.])(\d+)\s+(\d+)\s+obj\s*(\d+)\s+(\d+)\s+R\s*endobj")


class UnsafeInput(ValueError):
    """An input refused before parsing; the message says why in one sentence."""


class UnsafePath(UnsafeInput):
    """The path leaves the input folder, is a dangling or looping link, or is not a regular file."""


class FileChanged(UnsafeInput):
    """The file was replaced, grew, shrank or disappeared while it was being read."""


class LimitExceeded(UnsafeInput):
    """The input is larger than a configured limit (bytes, pages, inflated size, text)."""


class UnreadableFile(PermissionError):
    """The file's permissions do not allow reading it."""


def _megabytes(n: float) -> str:
    """'12.5 MB' for a byte count."""
    return f"{n / MB:,.1f} MB"


# --------------------------------------------------------------------------- file system


def resolve_inside(path: Path | str, root: Path | str) -> Path:
    """The real path of `path` (absolute or relative to the current directory), which must lie inside `root`.

    Raises `UnsafePath` for a path (or any symlink on it) that leads outside `root`, a
    dangling or looping symlink, or something that is not a regular file; raises
    `FileNotFoundError` when nothing is there.
    """
    real_root = Path(root).resolve(strict=True)
    candidate = Path(path).absolute()
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        if candidate.is_symlink():
            raise UnsafePath("The file is a symbolic link to something that does not exist; it was not read.") from None
        raise FileNotFoundError("The file no longer exists; it was removed before it could be read.") from None
    except RuntimeError as exc:  # symlink loop
        raise UnsafePath("The file is a symbolic link that loops back on itself; it was not read.") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath("The file is a symbolic link that loops back on itself; it was not read.") from exc
        raise
    if not resolved.is_relative_to(real_root):
        raise UnsafePath("The file is a symbolic link pointing outside the input folder; it was not read.")
    mode = resolved.stat().st_mode
    if not stat.S_ISREG(mode):
        raise UnsafePath("The path is not a regular file (a folder, pipe, socket or device); it was not read.")
    return resolved


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    """What must not change while a file is read: device, inode, size, modification time."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def check_permissions(st: os.stat_result) -> None:
    """Refuse a file nobody may read (mode without any read bit), even when running as root.

    Root can read a `chmod 000` file, but such a file was deliberately locked; reading it
    anyway would differ between a developer's machine and a root container.
    """
    if not st.st_mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH):
        raise UnreadableFile(f"The file's permissions ({stat.filemode(st.st_mode)}) do not allow reading it.")


@dataclass(frozen=True)
class ReadResult:
    """Bytes read once from a checked file, and the resolved path they came from."""

    data: bytes
    path: Path


def read_stable(path: Path | str, root: Path | str, limits: Limits) -> ReadResult:
    """Read a file under `root` once, refusing anything unsafe (see the module docstring).

    The file is opened without following symlinks and must be the same inode that was
    checked; its size and modification time are compared before and after the read, on
    the descriptor and on the path, so a file that grows, is rewritten, replaced or
    removed meanwhile raises `FileChanged`. Files over `limits.max_bytes` are refused
    before reading (`LimitExceeded`).
    """
    resolved = resolve_inside(path, root)
    before = os.stat(resolved)
    check_permissions(before)
    if before.st_size > limits.max_bytes:
        raise LimitExceeded(
            f"The file is {_megabytes(before.st_size)}, more than the {_megabytes(limits.max_bytes)} size limit; it was not read.")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(resolved, flags)
    except PermissionError as exc:
        raise UnreadableFile("The file cannot be read: permission denied.") from exc
    except FileNotFoundError as exc:
        raise FileChanged("The file disappeared while it was being read.") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath("The file was replaced by a symbolic link while it was being read; it was not read.") from exc
        raise
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or _signature(opened)[:2] != _signature(before)[:2]:
            raise FileChanged("The file was replaced while it was being opened.")
        data = handle.read(before.st_size + 1)  # one byte more than expected shows growth
        after_fd = os.fstat(fd)
    try:
        after_path = os.stat(resolved)
    except FileNotFoundError as exc:
        raise FileChanged("The file disappeared while it was being read.") from exc
    if not (_signature(before) == _signature(after_fd) == _signature(after_path)) or len(data) != before.st_size:
        raise FileChanged("The file changed while it was being read (its size or modification time moved).")
    return ReadResult(data=data, path=resolved)


# --------------------------------------------------------------------------- ZIP / docx


def check_zip(data: bytes, limits: Limits, *, depth: int = 0, budget: Optional[int] = None) -> int:
    """Refuse ZIP bombs; returns the total inflated size declared by the archive (nested included).

    Refused (`LimitExceeded`): more than `max_zip_members` members; declared sizes summing
    (across nested archives too) past `max_decompressed_bytes`; a member over 1 MB that
    inflates more than `max_zip_ratio` times; archives nested deeper than `max_zip_depth`.
    Declared sizes cannot be inflated past: Python's zipfile stops at the declared size
    and fails the CRC check, so a lying header gives an error, not a bomb.
    """
    budget = limits.max_decompressed_bytes if budget is None else budget
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return 0  # not a readable archive: the reader reports that
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_zip_members:
            raise LimitExceeded(
                f"The archive has {len(infos):,} members, more than the limit of {limits.max_zip_members:,}; it looks like a ZIP bomb.")
        total = 0
        for info in infos:
            total += info.file_size
            if total > budget:
                raise LimitExceeded(
                    f"The archive unpacks to more than the {_megabytes(limits.max_decompressed_bytes)} limit; it looks like a ZIP bomb.")
            if info.file_size >= ZIP_RATIO_MIN_BYTES and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
                raise LimitExceeded(
                    f"The archive member {info.filename!r} inflates {info.file_size / max(info.compress_size, 1):,.0f} times "
                    f"(limit {limits.max_zip_ratio:,.0f}); it looks like a ZIP bomb.")
        for info in infos:
            if not _is_nested_archive(archive, info):
                continue
            if depth + 1 > limits.max_zip_depth:
                raise LimitExceeded(
                    f"The archive member {info.filename!r} holds another archive nested more than {limits.max_zip_depth} deep.")
            try:
                inner = archive.read(info)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
                continue
            total += check_zip(inner, limits, depth=depth + 1, budget=budget - total)
            if total > budget:
                raise LimitExceeded(
                    f"The archive and the archives inside it unpack to more than the "
                    f"{_megabytes(limits.max_decompressed_bytes)} limit; it looks like a ZIP bomb.")
    return total


def _is_nested_archive(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True when a member is an archive itself (by name, or by its first bytes 'PK')."""
    if info.is_dir():
        return False
    if info.filename.lower().endswith(NESTED_ARCHIVE_SUFFIXES):
        return True
    try:
        with archive.open(info) as member:
            return member.read(4) == b"PK\x03\x04"
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error):
        return False


# --------------------------------------------------------------------------- PDF


def _inflated_size(data: bytes, start: int, cap: int) -> tuple[int, int]:
    """(bytes a zlib stream starting at `start` inflates to, counted up to `cap`; input bytes used).

    The output is counted in `INFLATE_STEP` pieces and dropped, so a gigabyte stream costs
    time proportional to `cap`, never memory. (0, 0) when no zlib stream starts there.
    """
    if start + 2 > len(data) or data[start] & 0x0F != 8 or ((data[start] << 8) | data[start + 1]) % 31:
        return 0, 0
    inflater = zlib.decompressobj()
    produced = 0
    pos = start
    try:
        while pos < len(data) and not inflater.eof and produced <= cap:
            chunk = data[pos : pos + INFLATE_INPUT_CHUNK]
            pos += len(chunk)
            out = inflater.decompress(chunk, INFLATE_STEP)
            produced += len(out)
            while inflater.unconsumed_tail and not inflater.eof and produced <= cap:
                out = inflater.decompress(inflater.unconsumed_tail, INFLATE_STEP)
                produced += len(out)
    except zlib.error:
        pass  # a damaged stream: what inflated so far counts
    used = pos - start - len(inflater.unused_data) - len(inflater.unconsumed_tail)
    return produced, max(used, 0)


def pdf_inflated_bytes(data: bytes, cap: int) -> int:
    """Total size the zlib (FlateDecode) streams of a PDF inflate to, counted up to `cap` (+1 step).

    Each `stream` keyword is tried; streams that are not zlib data (images in DCT,
    encrypted streams, uncompressed content) count as nothing here.
    """
    total = 0
    skip_to = 0
    for match in _STREAM_START.finditer(data):
        if match.end() < skip_to:
            continue
        produced, used = _inflated_size(data, match.end(), cap - total)
        total += produced
        skip_to = match.end() + used
        if total > cap:
            break
    return total


def pdf_page_count(data: bytes) -> Optional[int]:
    """The page count the PDF's page tree declares (/Count), or None when it cannot be read."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1

        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        pages = resolve1(document.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:  # noqa: BLE001 - any failure: the reader reports it properly
        return None
    return count if isinstance(count, int) and count >= 0 else None


def reference_loop(data: bytes) -> Optional[list[int]]:
    """Object numbers forming a loop of objects that are nothing but a reference to the next
    (`8 0 obj 8 0 R endobj`, or 6 → 7 → 6), or None. pdfminer follows such chains forever."""
    points_to: dict[tuple[int, int], tuple[int, int]] = {}
    for match in _REFERENCE_ONLY_OBJECT.finditer(data):
        number, generation, target, target_generation = (int(g) for g in match.groups())
        points_to[(number, generation)] = (target, target_generation)
    for start in points_to:
        seen: list[tuple[int, int]] = []
        current: Optional[tuple[int, int]] = start
        while current is not None and current not in seen:
            seen.append(current)
            current = points_to.get(current)
        if current is not None:
            return [n for n, _g in seen[seen.index(current):]]
    return None


def check_pdf(data: bytes, limits: Limits) -> None:
    """Refuse PDFs whose streams inflate past `max_decompressed_bytes`, with too many pages,
    or with objects that only refer to each other in a loop (`reference_loop`).

    The page count is the page tree's /Count, and, as a fallback for damaged files, the
    number of page objects in the bytes (refused above `PAGE_OBJECT_SLACK` × the limit).
    """
    loop = reference_loop(data)
    if loop:
        chain = " → ".join(str(n) for n in [*loop, loop[0]])
        raise UnsafeInput(f"The PDF's objects refer to each other in an endless loop (objects {chain}); it was not parsed.")
    inflated = pdf_inflated_bytes(data, limits.max_decompressed_bytes)
    if inflated > limits.max_decompressed_bytes:
        raise LimitExceeded(
            f"The PDF's compressed streams inflate to more than the {_megabytes(limits.max_decompressed_bytes)} limit; "
            "it looks like a decompression bomb.")
    declared = pdf_page_count(data)
    if declared is not None and declared > limits.max_pages:
        raise LimitExceeded(f"The PDF has {declared:,} pages, more than the limit of {limits.max_pages:,} pages.")
    objects = len(_PAGE_OBJECT.findall(data))
    if objects > PAGE_OBJECT_SLACK * limits.max_pages:
        raise LimitExceeded(f"The PDF holds {objects:,} page objects, more than the limit of {limits.max_pages:,} pages.")


# --------------------------------------------------------------------------- text


def _text_chars_estimate(data: bytes) -> int:
    """Upper estimate of the characters in text bytes (UTF-16 counts two bytes per character)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return len(data) // 2
    return len(data)


def check_text(data: bytes, limits: Limits) -> None:
    """Refuse text, Markdown and HTML files larger than `max_text_chars` before decoding them."""
    chars = _text_chars_estimate(data)
    if chars > limits.max_text_chars:
        raise LimitExceeded(
            f"The text file holds about {chars:,} characters, more than the limit of {limits.max_text_chars:,}; it was not parsed.")


def check_extracted_text(text: str, limits: Limits) -> None:
    """Refuse a document whose extracted text is longer than `max_text_chars`."""
    if len(text) > limits.max_text_chars:
        raise LimitExceeded(
            f"The document's extracted text has {len(text):,} characters, more than the limit of {limits.max_text_chars:,}.")


def run_guards(data: bytes, fmt: str, limits: Limits) -> None:
    """The content checks that apply to a format found by `detect_format` (raise on refusal)."""
    if len(data) > limits.max_bytes:
        raise LimitExceeded(f"The file is {_megabytes(len(data))}, more than the {_megabytes(limits.max_bytes)} size limit.")
    if fmt == "docx":
        check_zip(data, limits)
    elif fmt == "pdf":
        check_pdf(data, limits)
    elif fmt in TEXT_FORMATS:
        check_text(data, limits)


# --------------------------------------------------------------------------- XML


def safe_xml_parser(**options: object):
    """An lxml XML parser that resolves no entities, loads no DTD and never uses the network.

    Use it for any XML taken from an input file (e.g. parts of a .docx read directly):
    `lxml.etree.fromstring(data, parser=safe_xml_parser())`.
    """
    from lxml import etree

    settings = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)
    settings.update(options)
    return etree.XMLParser(**settings)


# --------------------------------------------------------------------------- format found


COARSE_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf", "7z"),
    (b"Rar!", "rar"),
)


def format_found(data: bytes, name: str) -> str:
    """The format the bytes are (decided by content): a readable format ("txt", "md", "html",
    "docx", "pdf") or, for files no reader takes, a coarse kind ("empty", "zip", "png",
    "gzip", ..., "binary")."""
    from .readers.detect import UnsupportedFormat, detect_format

    try:
        return detect_format(data, name)
    except UnsupportedFormat:
        pass
    if not data:
        return "empty"
    for signature, kind in COARSE_KINDS:
        if data.startswith(signature):
            return kind
    return "binary"
