"""Bytes → text: byte-order marks, UTF-8, declared HTML charsets, Windows-1252, Latin-1.

The order of attempts is deliberate:

1. a byte-order mark (UTF-32 before UTF-16, since the UTF-32 LE mark starts like UTF-16 LE's);
2. UTF-16 without a mark, when every other byte of the start is NUL;
3. strict UTF-8 (valid UTF-8 with non-ASCII bytes is almost never an accident);
4. a charset the HTML declares, only if the bytes decode with it without errors
   (a declared charset can lie: a UTF-8 page that says ISO-8859-1 was caught by step 3);
5. Windows-1252 (what "Latin-1" files usually are), then Latin-1, which never fails.

The result has no NUL bytes, "\\n" line endings and NFC normalisation. Non-breaking spaces
are kept here: the readers turn them into spaces in block texts.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Optional

# Byte-order marks, longest first (UTF-32 LE's mark begins with UTF-16 LE's).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Declared charsets that browsers read as Windows-1252 (WHATWG encoding standard).
CP1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"})

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.IGNORECASE)


def detect_bom(data: bytes) -> Optional[tuple[str, int]]:
    """The encoding announced by a byte-order mark and the mark's length, or None."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def guess_utf16_without_bom(data: bytes) -> Optional[str]:
    """'utf-16-le'/'utf-16-be' when the start looks like ASCII text stored as UTF-16, else None."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.7 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> Optional[str]:
    """The charset an HTML/XML document declares in its first 4 KB (meta or XML prolog), lower-cased."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").strip().lower()
    return name or None


def _try_decode(data: bytes, encoding: str) -> Optional[str]:
    """`data` decoded strictly with `encoding`, or None when it fails or the codec is unknown."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode `data` (see the module docstring for the order) → (raw text, encoding used)."""
    bom = detect_bom(data)
    if bom:
        encoding, size = bom
        return data[size:].decode(encoding, errors="replace"), encoding
    utf16 = guess_utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if html:
        declared = declared_charset(data)
        if declared and declared not in CP1252_ALIASES and declared not in ("utf-8", "utf8"):
            text = _try_decode(data, declared)
            if text is not None:
                return text, declared
    text = _try_decode(data, "cp1252")
    if text is not None:
        return text, "cp1252"
    return data.decode("latin-1"), "latin-1"


def normalise_text(text: str) -> str:
    """Drop NULs, turn CRLF/CR (and Unicode line/paragraph separators) into "\\n", NFC-normalise."""
    text = text.replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes, *, html: bool = False) -> str:
    """Decode document bytes to clean text (encoding guessed; `html=True` honours a truthful meta charset)."""
    text, _encoding = decode_bytes(data, html=html)
    return normalise_text(text)
