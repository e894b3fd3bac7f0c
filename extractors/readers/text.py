"""Plain-text reader, plus the pieces every reader shares to assemble a `Document`.

Shared pieces:

- `clean_inline`: the character clean-up applied to every block text (non-breaking and other
  special spaces → " ", zero-width characters and soft hyphens dropped, control characters → " ").
- `RunCollector`: collects inline pieces with bold/italic flags and returns one `RichLine`
  (whitespace runs collapsed, style runs as offsets).
- `join_rich`: joins rich lines (cell lines, row cells) keeping style offsets right.
- `DocumentBuilder`: appends blocks to the document text ("\\n" between blocks, "\\n\\n" for
  a gap) so that `document.text[b.char_start:b.char_end] == b.text` holds by construction.

The text reader gives one block per non-empty line and keeps each line's text as is
(no whitespace collapsing: a flattened page such as the seed document is re-split later).
Bullet lines become list items, `| a | b |` pipe tables become table rows, and Markdown-ish
`*emphasis*` loses its asterisks but keeps an italic/bold style run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ..model import Block, Document, Style
from .decode import decode_text

# --- character clean-up -------------------------------------------------------------------

SPACE_CHARS = "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\t\x0b\x0c"
DROPPED_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CLEAN_TABLE: dict[int, Optional[str]] = {ord(c): " " for c in SPACE_CHARS}
_CLEAN_TABLE.update({ord(c): None for c in DROPPED_CHARS})
_CLEAN_TABLE.update({c: " " for c in range(0x20) if c != 0x0A})
_CLEAN_TABLE[0x7F] = " "

_WS_RUN = re.compile(r"\s+")


def clean_inline(text: str) -> str:
    """Map special spaces and control characters to " " and drop zero-width characters."""
    return text.translate(_CLEAN_TABLE)


# --- rich lines ---------------------------------------------------------------------------


@dataclass
class RichLine:
    """A line of text with bold/italic runs (offsets relative to `text`)."""

    text: str
    styles: list[Style] = field(default_factory=list)


def _merge_runs(runs: list[Style]) -> list[Style]:
    """Merge touching runs with the same flags."""
    merged: list[Style] = []
    for run in runs:
        if merged and merged[-1].end == run.start and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Style(merged[-1].start, run.end, run.bold, run.italic)
        else:
            merged.append(run)
    return merged


def _trim_runs(text: str, runs: list[Style]) -> list[Style]:
    """Shrink runs so they neither start nor end with whitespace; drop runs left empty."""
    trimmed: list[Style] = []
    for run in runs:
        start, end = run.start, run.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append(Style(start, end, run.bold, run.italic))
    return trimmed


class RunCollector:
    """Collects inline text pieces (with bold/italic flags) into one whitespace-collapsed line."""

    def __init__(self) -> None:
        self._pieces: list[tuple[str, bool, bool]] = []
        self._length = 0
        self._ends_with_space = True  # at the start, leading spaces are dropped

    def add(self, text: str, bold: bool = False, italic: bool = False) -> None:
        """Append `text`; any whitespace run (newlines included) becomes one space."""
        if not text:
            return
        text = _WS_RUN.sub(" ", clean_inline(text))
        if self._ends_with_space and text.startswith(" "):
            text = text[1:]
        if not text:
            return
        self._pieces.append((text, bold, italic))
        self._length += len(text)
        self._ends_with_space = text.endswith(" ")

    def last_char(self) -> str:
        """The last character collected so far ("" at the start of a line)."""
        return self._pieces[-1][0][-1] if self._pieces else ""

    def is_empty(self) -> bool:
        """True when nothing but spaces was collected."""
        return not any(piece.strip() for piece, _b, _i in self._pieces)

    def finish(self) -> RichLine:
        """Return the collected line (trailing space removed) and reset the collector."""
        pieces = self._pieces
        while pieces and pieces[-1][0].endswith(" "):
            text, bold, italic = pieces[-1]
            text = text.rstrip(" ")
            if text:
                pieces[-1] = (text, bold, italic)
                break
            pieces.pop()
        runs: list[Style] = []
        parts: list[str] = []
        pos = 0
        for text, bold, italic in pieces:
            if bold or italic:
                runs.append(Style(pos, pos + len(text), bold=bold, italic=italic))
            parts.append(text)
            pos += len(text)
        self._pieces = []
        self._length = 0
        self._ends_with_space = True
        text = "".join(parts)
        return RichLine(text, _trim_runs(text, _merge_runs(runs)))


def join_rich(parts: Iterable[RichLine], sep: str) -> RichLine:
    """Join rich lines with `sep`, shifting their style runs."""
    texts: list[str] = []
    styles: list[Style] = []
    pos = 0
    for i, part in enumerate(parts):
        if i:
            texts.append(sep)
            pos += len(sep)
        texts.append(part.text)
        styles.extend(Style(s.start + pos, s.end + pos, s.bold, s.italic) for s in part.styles)
        pos += len(part.text)
    return RichLine("".join(texts), _merge_runs(styles))


def _covers_all(line: RichLine, attr: str) -> bool:
    """True when every non-space character of the line lies in a run with `attr` set."""
    covered = [False] * len(line.text)
    for style in line.styles:
        if getattr(style, attr):
            for i in range(style.start, min(style.end, len(line.text))):
                covered[i] = True
    visible = [i for i, ch in enumerate(line.text) if not ch.isspace()]
    return bool(visible) and all(covered[i] for i in visible)


# --- document assembly --------------------------------------------------------------------


class DocumentBuilder:
    """Appends blocks to a growing document text; offsets are right by construction."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

    def add(self, kind: str, line: RichLine | str, *, gap: bool = False, **fields: Any) -> Optional[Block]:
        """Append one block of `kind` (skipped when blank); `gap` puts a blank line before it.

        Whole-block `bold`/`italic` are derived from the style runs unless given in `fields`.
        """
        if isinstance(line, str):
            line = RichLine(line)
        if not line.text.strip():
            return None
        if self.blocks:
            sep = "\n\n" if gap else "\n"
            self._parts.append(sep)
            self._length += len(sep)
        start = self._length
        self._parts.append(line.text)
        self._length += len(line.text)
        fields.setdefault("bold", _covers_all(line, "bold"))
        fields.setdefault("italic", _covers_all(line, "italic"))
        block = Block(kind=kind, text=line.text, char_start=start, char_end=self._length, styles=list(line.styles), **fields)
        self.blocks.append(block)
        return block

    def build(self, fmt: str, *, title: Optional[str] = None, errors: Optional[list[str]] = None) -> Document:
        """The finished `Document`."""
        return Document(text="".join(self._parts), blocks=self.blocks, format=fmt, title=title, errors=list(errors or []))


# --- plain text rules ---------------------------------------------------------------------

# Bullet markers at the start of a line (after the indent); "o" only when followed by a space.
BULLET_MARKERS = ("-", "•", "*", "–", "—", "·", "▪", "◦", "‣", "●", "■", "□", "➢", "►")
_BULLET = re.compile(r"(?:[" + re.escape("".join(BULLET_MARKERS)) + r"]|o(?= )|\d{1,2}[.)])(?=\s)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|\*)(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])")
TAB_WIDTH = 4


def indent_width(line: str) -> int:
    """Width of the line's leading whitespace (tabs count `TAB_WIDTH`)."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += TAB_WIDTH
        else:
            break
    return width


def is_bullet_line(stripped: str) -> bool:
    """True when a (left-stripped) line starts with a bullet or a short list number ("1.", "2)")."""
    return bool(_BULLET.match(stripped))


def is_table_separator(line: str) -> bool:
    """True for a pipe-table separator line such as `|---|:--:|`."""
    return bool(_TABLE_SEPARATOR.match(line))


def split_pipe_row(line: str) -> list[str]:
    """Cells of a `| a | b |` line (outer pipes optional, `\\|` kept as a literal pipe)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [cell.replace("\\|", "|").strip() for cell in cells]


def strip_emphasis(text: str) -> RichLine:
    """Remove `*italic*` / `**bold**` asterisks, recording the emphasis as style runs."""
    parts: list[str] = []
    styles: list[Style] = []
    pos = 0
    last = 0
    for match in _EMPHASIS.finditer(text):
        before = text[last : match.start()]
        parts.append(before)
        pos += len(before)
        inner = match.group(2)
        bold = match.group(1) == "**"
        styles.append(Style(pos, pos + len(inner), bold=bold, italic=not bold))
        parts.append(inner)
        pos += len(inner)
        last = match.end()
    parts.append(text[last:])
    return RichLine("".join(parts), styles)


def _table_extent(lines: list[str], i: int) -> int:
    """Index after the pipe table starting at line `i` (== i when no table starts there)."""
    if not _PIPE_ROW.match(lines[i]) and not ("|" in lines[i] and i + 1 < len(lines) and is_table_separator(lines[i + 1])):
        return i
    has_separator = i + 1 < len(lines) and is_table_separator(lines[i + 1])
    j = i + 1
    while j < len(lines) and lines[j].strip() and "|" in lines[j]:
        j += 1
    if not has_separator and j - i < 2:
        return i
    return j


def _add_table(builder: DocumentBuilder, rows: list[str], table_id: int, gap: bool) -> None:
    """Add the rows of one pipe table (separator lines dropped; the row before it is the header)."""
    header_done = not (len(rows) > 1 and is_table_separator(rows[1]))
    row_index = 0
    for k, row in enumerate(rows):
        if is_table_separator(row):
            header_done = True
            continue
        cells = [strip_emphasis(cell) for cell in split_pipe_row(row)]
        line = join_rich(cells, " | ")
        block = builder.add(
            "table_row",
            line,
            gap=gap and k == 0,
            cells=[cell.text for cell in cells],
            table_id=table_id,
            row_index=row_index,
            header=not header_done,
        )
        if block is not None:
            row_index += 1


def read_text(data: bytes | str) -> Document:
    """Read a plain-text document: one block per non-empty line (see the module docstring)."""
    text = decode_text(data) if isinstance(data, bytes) else data
    lines = [clean_inline(line) for line in text.split("\n")]
    builder = DocumentBuilder()
    gap = False
    table_id = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            gap = True
            i += 1
            continue
        end = _table_extent(lines, i)
        if end > i:
            _add_table(builder, lines[i:end], table_id, gap)
            table_id += 1
            gap = False
            i = end
            continue
        stripped = line.strip()
        width = indent_width(line)
        if is_bullet_line(stripped):
            level = 1 + width // 2
            builder.add("list_item", strip_emphasis(stripped), gap=gap, level=level, indent=float(level - 1))
        else:
            builder.add("line", strip_emphasis(stripped), gap=gap, indent=float(width))
        gap = False
        i += 1
    return builder.build("txt")
