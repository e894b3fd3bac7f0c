"""Format detection from the bytes, the file name deciding only when the content is ambiguous.

Order of evidence:

1. magic numbers: `%PDF-` → "pdf"; a ZIP with `word/document.xml` → "docx"; other ZIPs,
   legacy Office (OLE2), RTF, images, and binary data → `UnsupportedFormat`;
2. unmistakable HTML at the start (`<!doctype html>`, `<html>`, `<head>`, `<body>`) → "html";
3. Markdown front matter or clear Markdown syntax (see `markdown_signals`) → "md";
4. a text that starts with a tag and has several HTML tags (fragments, templates) → "html";
5. the extension: `.md`/`.markdown` → "md", `.htm(l)` and template extensions with tags → "html";
6. otherwise "txt".
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from .decode import decode_text, detect_bom, guess_utf16_without_bom

FORMATS = ("txt", "md", "html", "docx", "pdf")


class UnsupportedFormat(ValueError):
    """The bytes are not a document type this library reads."""


MD_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".tpl", ".php", ".asp", ".aspx", ".jsp", ".erb", ".njk", ".hbs"})

# Binary signatures that are not documents we read: (prefix, human description).
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls/.ppt); save it as .docx or PDF"),
    (b"{\\rtf", "an RTF document; save it as .docx or PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)

_STRONG_HTML = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"\A(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|table|tr|td|th|ul|ol|li|br|h[1-6]|strong|b|i|em|a\s|font|center|style|script|section|article|img)\b[^>]*>",
    re.IGNORECASE,
)
_STARTS_WITH_TAG = re.compile(r"\A<[A-Za-z!]")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.MULTILINE)
_MD_BOLD = re.compile(r"\*\*[^\s*][^*\n]*?\*\*")
_MD_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|/|\.{0,2}/?[\w-]+\.(?:md|html))[^)\s]*\)")
_MD_REF_LINK = re.compile(r"^\[[^\]\n]+\]:[ \t]+\S+", re.MULTILINE)
_MD_FENCE = re.compile(r"^```", re.MULTILINE)
_MD_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)

SNIFF_BYTES = 65536
BINARY_CONTROL_SHARE = 0.05


def extension(name: str) -> str:
    """The lower-case extension of a file name ('' when none)."""
    return PurePath(name or "").suffix.lower()


def _zip_kind(data: bytes) -> str:
    """'docx' for a Word document, else raise `UnsupportedFormat` describing the archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise UnsupportedFormat(f"The file looks like a ZIP archive but cannot be opened ({exc}).") from exc
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise UnsupportedFormat("The file is an OpenDocument file (.odt/.ods); save it as .docx or PDF.")
    if any(n.startswith(("xl/", "ppt/")) for n in names):
        raise UnsupportedFormat("The file is an Excel or PowerPoint file; only Word (.docx) is read.")
    raise UnsupportedFormat("The file is a ZIP archive, not a Word (.docx) document.")


def looks_binary(data: bytes) -> bool:
    """True when the start has many control bytes (and is not UTF-16/32 text)."""
    sample = data[:8192]
    if not sample or detect_bom(sample) or guess_utf16_without_bom(sample):
        return False
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    return controls / len(sample) > BINARY_CONTROL_SHARE


def markdown_signals(text: str) -> set[str]:
    """Kinds of Markdown syntax present in `text` (front matter, headings, tables, bold, links, ...)."""
    signals: set[str] = set()
    if _MD_FRONT_MATTER.match(text):
        signals.add("front_matter")
    headings = len(_MD_HEADING.findall(text))
    if headings:
        signals.add("heading")
    if headings >= 2:
        signals.add("headings")
    if _MD_TABLE_SEPARATOR.search(text):
        signals.add("table")
    if _MD_BOLD.search(text):
        signals.add("bold")
    if _MD_LINK.search(text) or _MD_REF_LINK.search(text):
        signals.add("link")
    if _MD_FENCE.search(text):
        signals.add("fence")
    return signals


def is_clear_markdown(text: str) -> bool:
    """True when the Markdown syntax is unmistakable (not one stray '#' or '**')."""
    signals = markdown_signals(text)
    if signals & {"front_matter", "table", "fence", "link", "headings"}:
        return True
    return len(signals) >= 2


def _text_format(text: str, name: str) -> str:
    """Decide between html, md and txt for decoded text (see the module docstring)."""
    ext = extension(name)
    head = _LEADING_JUNK.sub("", text, count=1)
    if _STRONG_HTML.match(head) or _STRONG_HTML.search(head[:2048]) and ext not in MD_EXTENSIONS:
        return "html"
    tags = len(_HTML_TAG.findall(text))
    if ext in MD_EXTENSIONS or is_clear_markdown(text):
        return "md"
    if tags >= 3 and (_STARTS_WITH_TAG.match(head) or ext in HTML_EXTENSIONS):
        return "html"
    if tags >= 10 and tags >= text.count("\n") / 4:
        return "html"
    return "txt"


def detect_format(data: bytes, name: str) -> str:
    """The format found in `data` ("txt", "md", "html", "docx" or "pdf"); raises `UnsupportedFormat`."""
    if not data:
        raise UnsupportedFormat(f"The file {name!r} is empty.")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    for signature, description in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedFormat(f"The file {name!r} is {description}, which is not supported.")
    if looks_binary(data):
        raise UnsupportedFormat(f"The file {name!r} is binary data of an unknown type, not a text, HTML, Word or PDF document.")
    text = decode_text(data[:SNIFF_BYTES], html=True)
    return _text_format(text, name)
