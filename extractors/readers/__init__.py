"""Readers: document bytes → `Document` (text + blocks with offsets and style evidence).

    read_document(data, name)  detect the format from the bytes, then call its reader
    detect_format(data, name)  "txt" | "md" | "html" | "docx" | "pdf" (or UnsupportedFormat)

One module per format (text, markdown, html, docx; pdf is its own module). Every reader
returns blocks with `document.text[b.char_start:b.char_end] == b.text`.
"""
from __future__ import annotations

from ..model import Document
from .detect import FORMATS, UnsupportedFormat, detect_format, extension
from .decode import decode_text

__all__ = ["FORMATS", "UnsupportedFormat", "decode_text", "detect_format", "read_document"]


def _read_pdf(data: bytes) -> Document:
    """Call the PDF reader (imported lazily: it pulls in pdfplumber)."""
    try:
        from .pdf import read_pdf
    except ImportError as exc:
        raise UnsupportedFormat(f"PDF documents cannot be read here: the PDF reader is unavailable ({exc}).") from exc
    return read_pdf(data)


def read_format(data: bytes, fmt: str, name: str = "") -> Document:
    """Read `data` as the given format (no detection)."""
    if fmt == "pdf":
        return _read_pdf(data)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data)
    if fmt == "html":
        from .html import read_html

        return read_html(data)
    if fmt == "md":
        from .markdown import MD_SOURCE_EXTENSIONS, read_markdown

        # A file that is not named .md but uses Markdown syntax prints one entry per line.
        return read_markdown(data, split_soft_breaks=extension(name) not in MD_SOURCE_EXTENSIONS)
    if fmt == "txt":
        from .text import read_text

        return read_text(data)
    raise UnsupportedFormat(f"Unknown document format {fmt!r}.")


def read_document(data: bytes, name: str) -> Document:
    """Detect the format of `data` (file name `name`) and read it; sets `format` and `language`.

    Raises `UnsupportedFormat` (a `ValueError`) with a human sentence for files it cannot read.
    """
    fmt = detect_format(data, name)
    document = read_format(data, fmt, name)
    document.format = fmt
    if document.language is None and document.text.strip():
        from ..language import detect_language

        document.language = detect_language(document.text)
    return document
