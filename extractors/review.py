"""A self-contained HTML review page for one document: where each extracted row came from.

The page shows the document's extracted text with sessions, items, speaker names, chairs
and affiliations highlighted in distinct colours (like displaCy's entity view), and beside
it the extracted programme (session → items → speakers with affiliations), each row linked
to its place in the text. Rows with confidence below `LOW_CONFIDENCE` are marked.

The page needs no network: no script at all, inline CSS only, and a Content-Security-Policy
that forbids loading anything. All document text is untrusted and escaped.

    review_page(text, tables, ...)           from the document's text and its table rows
    review_page_from_extraction(extraction)  from an `Extraction` (same rows, via `programme_rows`)

No Dagster here: `pipelines/views.py` writes the pages (for the `document_tables` asset), `pipelines/cli.py review` too.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from .extract import Extraction
from .tables import programme_rows

Row = Mapping[str, Any]
Tables = Mapping[str, Sequence[Row]]

LOW_CONFIDENCE = 0.7  # speaker rows below this are marked as low confidence
SEARCH_WINDOW = 400  # characters after a span's start searched for its printed title/affiliation


@dataclass(frozen=True)
class Label:
    """How one kind of span is shown: its tag text and colours."""

    tag: str
    background: str
    border: str


# Rules as data: every kind of highlighted span, its label and its colour.
LABELS: dict[str, Label] = {
    "session": Label("SESSION", "#dbeafe", "#2563eb"),
    "item": Label("ITEM", "#fef9c3", "#ca8a04"),
    "speaker": Label("PERSON", "#dcfce7", "#16a34a"),
    "chair": Label("CHAIR", "#f3e8ff", "#9333ea"),
    "affiliation": Label("ORG", "#ffe4e6", "#e11d48"),
}
# When two spans start and end at the same place, the broader kind opens first.
KIND_ORDER: dict[str, int] = {"session": 0, "item": 1, "chair": 2, "speaker": 2, "affiliation": 3}


@dataclass(frozen=True)
class Span:
    """One highlighted range of the text: [start, end), its kind and the anchor it carries."""

    start: int
    end: int
    kind: str
    anchor: str
    low: bool = False


# --------------------------------------------------------------------------- anchors and values


_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def anchor_id(row_id: str, suffix: str = "") -> str:
    """An HTML id for a row id (`abc:s1:i2` → `t-abc-s1-i2`), plus an optional suffix."""
    return "t-" + _ANCHOR_UNSAFE.sub("-", str(row_id)) + suffix


def _int(value: Any) -> Optional[int]:
    """An int from a table cell (None, NaN and missing stay None)."""
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number


def _str(value: Any) -> Optional[str]:
    """A non-empty string from a table cell, else None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def is_low_confidence(row: Row) -> bool:
    """True when the row carries a confidence below `LOW_CONFIDENCE`."""
    confidence = row.get("confidence")
    if confidence is None or (isinstance(confidence, float) and confidence != confidence):
        return False
    return float(confidence) < LOW_CONFIDENCE


# --------------------------------------------------------------------------- locating spans


def find_in(text: str, needle: Optional[str], start: int, end: int) -> Optional[tuple[int, int]]:
    """Where `needle` is printed in text[start:end] (exact, then case-insensitive), or None."""
    if not needle or start is None or start < 0:
        return None
    end = min(len(text), end)
    at = text.find(needle, start, end)
    if at < 0:
        at = text[start:end].casefold().find(needle.casefold())
        if at < 0:
            return None
        at += start
    return at, at + len(needle)


def line_end(text: str, start: int, limit: int = SEARCH_WINDOW) -> int:
    """The end of the line that starts at `start` (at most `limit` characters)."""
    newline = text.find("\n", start, start + limit)
    return newline if newline >= 0 else min(len(text), start + limit)


def session_span(text: str, row: Row) -> Optional[Span]:
    """The session's heading as printed: from its start to the end of its title (or number)."""
    start = _int(row.get("char_start"))
    if start is None or start >= len(text):
        return None
    window_end = start + SEARCH_WINDOW
    for printed in (_str(row.get("title")), _str(row.get("number"))):
        found = find_in(text, printed, start, window_end)
        if found:
            return Span(start, found[1], "session", anchor_id(row["session_id"]))
    return None  # a session without printed heading (items before the first heading)


def item_span(text: str, row: Row) -> Optional[Span]:
    """The item's printed range (its char_start/char_end)."""
    start, end = _int(row.get("char_start")), _int(row.get("char_end"))
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return Span(start, end, "item", anchor_id(row["item_id"]))


def person_spans(text: str, row: Row, kind: str, row_id: str, search_end: Optional[int]) -> list[Span]:
    """The spans of one speaker or chair: the name, and the affiliation printed after it.

    The tables keep the offsets of the name only; the affiliation is looked up as printed
    in the text after the name (up to the end of the item, or `SEARCH_WINDOW` characters).
    A presenter with no name (organisation only) gets its span as an affiliation.
    """
    start, end = _int(row.get("char_start")), _int(row.get("char_end"))
    if start is None or end is None or not 0 <= start < end <= len(text):
        return []
    low = is_low_confidence(row)
    name, affiliation = _str(row.get("name")), _str(row.get("affiliation"))
    if name is None:
        return [Span(start, end, "affiliation", anchor_id(row_id), low)]
    spans = [Span(start, end, kind, anchor_id(row_id), low)]
    limit = search_end if search_end is not None and search_end > end else end + SEARCH_WINDOW
    # From the name's start: some names' spans already include "(ORG)".
    found = find_in(text, affiliation, start, limit) or find_in(text, affiliation, max(0, start - SEARCH_WINDOW), start)
    if found:
        spans.append(Span(found[0], found[1], "affiliation", anchor_id(row_id, "-org"), low))
    return spans


def collect_spans(text: str, tables: Tables) -> list[Span]:
    """Every highlighted span of the document, sorted for nesting (outer spans first)."""
    spans: list[Span] = []
    item_ends = {row["item_id"]: _int(row.get("char_end")) for row in tables.get("items", [])}
    for row in tables.get("sessions", []):
        span = session_span(text, row)
        if span:
            spans.append(span)
    for row in tables.get("items", []):
        span = item_span(text, row)
        if span:
            spans.append(span)
    for row in tables.get("speakers", []):
        spans += person_spans(text, row, "speaker", row["speaker_id"], item_ends.get(row.get("item_id")))
    for row in tables.get("chairs", []):
        spans += person_spans(text, row, "chair", row["chair_id"], None)
    return sorted(spans, key=lambda s: (s.start, -s.end, KIND_ORDER[s.kind]))


# --------------------------------------------------------------------------- rendering the text


def _open_mark(span: Span) -> str:
    label = LABELS[span.kind]
    low = " low" if span.low else ""
    return f'<mark class="ent ent-{span.kind}{low}" id="{html.escape(span.anchor)}" data-label="{label.tag}">'


def _close_mark(span: Span) -> str:
    return f'<span class="tag">{LABELS[span.kind].tag}</span></mark>'


def render_text(text: str, spans: Iterable[Span]) -> str:
    """The escaped text with properly nested `<mark>`s (a span crossing its parent's end is cut)."""
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    used: set[str] = set()

    def advance(to: int) -> None:
        nonlocal pos
        if to > pos:
            out.append(html.escape(text[pos:to]))
            pos = to

    for span in spans:
        while stack and stack[-1].end <= span.start:
            closing = stack.pop()
            advance(closing.end)
            out.append(_close_mark(closing))
        end = min(span.end, stack[-1].end) if stack else span.end
        if end <= span.start or span.start < pos or span.anchor in used:
            continue  # empty after cutting, overlapping a closed span, or a duplicate
        used.add(span.anchor)
        span = Span(span.start, end, span.kind, span.anchor, span.low)
        advance(span.start)
        out.append(_open_mark(span))
        stack.append(span)
    while stack:
        closing = stack.pop()
        advance(closing.end)
        out.append(_close_mark(closing))
    advance(len(text))
    return "".join(out)


# --------------------------------------------------------------------------- the side list


def _link(label: str, anchor: Optional[str], anchors: set[str], css: str = "") -> str:
    """A label linked to its place in the text when that place was found, else plain."""
    cls = f' class="{css}"' if css else ""
    if anchor and anchor in anchors:
        return f'<a href="#{html.escape(anchor)}"{cls}>{label}</a>'
    return f"<span{cls}>{label}</span>"


def _person_line(row: Row, row_id: str, anchors: set[str]) -> str:
    """One speaker or chair of the side list: name, affiliation, role, confidence."""
    esc = html.escape
    name, affiliation, role = _str(row.get("name")), _str(row.get("affiliation")), _str(row.get("role"))
    parts = []
    if role:
        parts.append(f'<span class="role">{esc(role)}:</span> ')
    parts.append(_link(esc(name) if name else "<i>(organisation)</i>", anchor_id(row_id), anchors, "person"))
    if affiliation:
        parts.append(" · " + _link(esc(affiliation), anchor_id(row_id, "-org") if name else anchor_id(row_id),
                                   anchors, "org"))
    confidence = row.get("confidence")
    low = is_low_confidence(row)
    if confidence is not None:
        flag = ' <b class="flag" title="low confidence">⚠ low</b>' if low else ""
        method = esc(_str(row.get("method")) or "")
        parts.append(f' <span class="conf">{method} {float(confidence):.2f}</span>{flag}')
    cls = "person-row low" if low else "person-row"
    return f'<li class="{cls}">{"".join(parts)}</li>'


def _session_heading(row: Row) -> str:
    """A session's heading for the side list: number, title, date and times as printed."""
    esc = html.escape
    number, title = _str(row.get("number")), _str(row.get("title"))
    head = " – ".join(p for p in (f"Session {number}" if number else None, title) if p) or "(untitled session)"
    when = " ".join(p for p in (_str(row.get("date")),
                                "–".join(t for t in (_str(row.get("start_time")), _str(row.get("end_time"))) if t))
                    if p)
    return esc(head) + (f' <span class="when">{esc(when)}</span>' if when else "")


def render_outline(tables: Tables, anchors: set[str]) -> str:
    """The extracted programme as nested lists, each row linked to its highlighted span."""
    esc = html.escape
    items_by_session: dict[str, list[Row]] = {}
    for row in tables.get("items", []):
        items_by_session.setdefault(row["session_id"], []).append(row)
    speakers_by_item: dict[str, list[Row]] = {}
    for row in tables.get("speakers", []):
        speakers_by_item.setdefault(row["item_id"], []).append(row)
    chairs_by_session: dict[str, list[Row]] = {}
    for row in tables.get("chairs", []):
        chairs_by_session.setdefault(row["session_id"], []).append(row)

    out = ['<ol class="sessions">']
    for session in tables.get("sessions", []):
        sid = session["session_id"]
        out.append(f'<li class="session-row">{_link(_session_heading(session), anchor_id(sid), anchors, "session")}')
        chairs = chairs_by_session.get(sid, [])
        if chairs:
            out.append('<ul class="chairs">' + "".join(_person_line(c, c["chair_id"], anchors) for c in chairs) + "</ul>")
        out.append('<ol class="items">')
        for item in items_by_session.get(sid, []):
            title = esc(_str(item.get("title")) or "(untitled item)")
            group = _str(item.get("group"))
            prefix = f'<span class="group">{esc(group)}</span> ' if group else ""
            out.append(f'<li class="item-row">{prefix}{_link(title, anchor_id(item["item_id"]), anchors, "item")}')
            speakers = speakers_by_item.get(item["item_id"], [])
            if speakers:
                out.append('<ul class="speakers">'
                           + "".join(_person_line(s, s["speaker_id"], anchors) for s in speakers) + "</ul>")
            out.append("</li>")
        out.append("</ol></li>")
    out.append("</ol>")
    if not tables.get("sessions"):
        out = ['<p class="empty">No session was extracted from this document.</p>']
    return "".join(out)


# --------------------------------------------------------------------------- the page

CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2937;background:#f8fafc}
header{padding:12px 20px;background:#0f172a;color:#f8fafc}
header h1{margin:0;font-size:18px}
header .meta{font-size:12px;color:#cbd5e1}
header .error{color:#fecaca}
.legend{padding:6px 20px;background:#e2e8f0;font-size:12px}
.legend .ent{margin-right:8px}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(280px,2fr);gap:16px;padding:16px 20px}
#text{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:16px;white-space:pre-wrap;overflow-wrap:anywhere;line-height:2.1}
aside{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:12px 16px;position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto;font-size:13px}
aside h2{font-size:15px;margin:4px 0 8px}
aside ol,aside ul{padding-left:18px;margin:2px 0}
aside a{color:inherit;text-decoration:none;border-bottom:1px dotted #94a3b8}
aside a:hover{background:#f1f5f9}
.session-row{margin:8px 0;font-weight:600}
.item-row,.person-row{font-weight:400}
.when,.conf,.group{color:#64748b;font-size:11px}
.role{color:#7c3aed}
.person-row.low{background:#fff7ed}
.flag{color:#c2410c;font-size:11px}
.ent{padding:1px 3px;border-radius:4px;border-bottom:2px solid}
.ent .tag{font-size:9px;font-weight:700;margin-left:3px;vertical-align:middle;letter-spacing:.03em;opacity:.8}
.ent.low{outline:2px dashed #f97316;outline-offset:1px}
:target{box-shadow:0 0 0 3px #f59e0b}
"""


def _label_css() -> str:
    """One colour rule per kind of span (from `LABELS`)."""
    return "".join(
        f".ent-{kind}{{background:{label.background};border-color:{label.border}}}"
        f".ent-{kind} .tag{{color:{label.border}}}"
        for kind, label in LABELS.items()
    )


def _legend() -> str:
    chips = "".join(f'<span class="ent ent-{k}">{html.escape(k)}<span class="tag">{v.tag}</span></span>'
                    for k, v in LABELS.items())
    low = '<span class="ent ent-speaker low">low confidence<span class="tag">&lt; 0.7</span></span>'
    return f'<div class="legend">{chips}{low}</div>'


def _meeting_line(tables: Tables) -> str:
    """Meeting dates and location as extracted, one line."""
    meeting = (tables.get("meetings") or [{}])[0]
    dates = " – ".join(d for d in (_str(meeting.get("start_date")), _str(meeting.get("end_date"))) if d)
    parts = [p for p in (dates, _str(meeting.get("location"))) if p]
    return " · ".join(parts)


def _counts(tables: Tables) -> str:
    n = {t: len(tables.get(t, [])) for t in ("sessions", "items", "speakers", "chairs")}
    low = sum(is_low_confidence(r) for t in ("speakers", "chairs") for r in tables.get(t, []))
    return (f"{n['sessions']} sessions · {n['items']} items · {n['speakers']} speakers · {n['chairs']} chairs"
            f" · {low} low-confidence")


def review_page(
    text: str,
    tables: Tables,
    *,
    source_path: Optional[str] = None,
    status: Optional[str] = None,
    error: Optional[str] = None,
) -> str:
    """The review page (a complete HTML document) for one document.

    `text` is the document's extracted text (the offsets in the rows point into it);
    `tables` maps `meetings`, `sessions`, `items`, `speakers`, `chairs` to that document's
    rows (dicts with the contract's columns, in document order).
    """
    esc = html.escape
    meeting = (tables.get("meetings") or [{}])[0]
    title = _str(meeting.get("title")) or source_path or "Programme"
    spans = collect_spans(text, tables)
    body = render_text(text, spans)
    anchors = set(re.findall(r'<mark class="[^"]*" id="([^"]+)"', body))
    anchors = {html.unescape(a) for a in anchors}
    meta = [p for p in (source_path, _meeting_line(tables), status and f"status: {status}", _counts(tables)) if p]
    error_line = f'<div class="error">{esc(error)}</div>' if error else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Review – {esc(title)}</title><style>{CSS}{_label_css()}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><div class=\"meta\">{esc(' · '.join(meta))}</div>{error_line}</header>"
        f"{_legend()}<main><div id=\"text\">{body}</div>"
        f"<aside><h2>Extracted programme</h2>{render_outline(tables, anchors)}</aside></main>"
        "</body></html>\n"
    )


def review_page_from_extraction(extraction: Extraction, source_path: Optional[str] = None,
                                doc_id: str = "doc") -> str:
    """The review page of an `Extraction` (its rows built as the tables would store them)."""
    tables = programme_rows(doc_id, extraction.programme)
    document = extraction.document
    status = "partial" if document.partial else "ok"
    error = "; ".join(document.errors) if document.errors else None
    return review_page(document.text, tables, source_path=source_path, status=status, error=error)
