"""Markdown reader: front matter → title, Liquid dropped, markdown-it-py → HTML → the HTML reader.

Rendering through HTML gives one set of block rules for both formats: headings, paragraphs,
list items, pipe-table rows with cells (header row from `<thead>`), `**bold**`/`_italic_`
style runs, links reduced to their text, raw HTML blocks kept. A hard line break
(backslash-newline or two trailing spaces) becomes `<br>`, which splits the paragraph into
"line" blocks. With `split_soft_breaks=True` (plain-text files that merely use Markdown
syntax) every source line break splits too, because such files print one entry per line.
"""
from __future__ import annotations

import re
from typing import Optional

from markdown_it import MarkdownIt

from ..model import Document
from .decode import decode_text
from .html import read_html

# Extensions of files written as Markdown (soft line breaks join lines, as when rendered).
MD_SOURCE_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title\s*:\s*(.+?)\s*$", re.MULTILINE)
# Jekyll/Liquid template syntax: {{ expression }} and {% tag %}.
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def split_front_matter(text: str) -> tuple[Optional[str], str]:
    """(front-matter title or None, the Markdown body without the front matter)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    title_match = _FRONT_TITLE.search(match.group(1))
    title = None
    if title_match:
        title = title_match.group(1).strip()
        if len(title) >= 2 and title[0] == title[-1] and title[0] in "\"'":
            title = title[1:-1]
        title = title or None
    return title, text[match.end() :]


def strip_liquid(text: str) -> str:
    """Remove Liquid `{{ ... }}` and `{% ... %}` template syntax."""
    return _LIQUID.sub("", text)


def render_markdown(text: str, *, split_soft_breaks: bool = False) -> str:
    """Markdown → HTML with markdown-it-py (CommonMark + tables + strikethrough, raw HTML kept)."""
    md = MarkdownIt("commonmark", {"html": True, "breaks": split_soft_breaks, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md.render(text)


def read_markdown(data: bytes | str, *, split_soft_breaks: bool = False) -> Document:
    """Read a Markdown document into a `Document` (format "md")."""
    text = decode_text(data) if isinstance(data, bytes) else data
    title, body = split_front_matter(text)
    html = render_markdown(strip_liquid(body), split_soft_breaks=split_soft_breaks)
    return read_html(f"<html><body>{html}</body></html>", fmt="md", title=title)
