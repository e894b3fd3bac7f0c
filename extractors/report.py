"""The summary report over all ingested documents: Markdown (for the Dagster UI) and HTML with SVG plots.

    summary(tables)           -> Summary   the numbers behind the report (plain data)
    report_markdown(summary)  -> str       tables with text bars (renders anywhere, e.g. the Dagster UI)
    report_html(summary)      -> str       a self-contained page with inline SVG bar charts

Plots: documents per meeting year, top organisations by speakers, speakers per session
(how many sessions have 0, 1, 2, … speakers). The input is the contract's tables as
pandas DataFrames (`documents`, `meetings`, `sessions`, `speakers`, `organizations`);
missing tables count as empty. No Dagster, no plotting library: bars are drawn by hand.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from .resolve import canonical_rows

TOP_ORGANIZATIONS = 10
UNKNOWN_YEAR = "unknown"
BAR_CHARS = 30  # width of the longest text bar in Markdown
SVG_WIDTH, SVG_BAR_HEIGHT, SVG_LABEL_WIDTH = 640, 22, 260

Bars = list[tuple[str, int]]  # (label, value) in display order


@dataclass
class Summary:
    """The numbers of the report."""

    n_documents: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    n_sessions: int = 0
    n_items: int = 0
    n_speakers: int = 0
    n_people: int = 0
    n_organizations: int = 0
    documents_per_year: Bars = field(default_factory=list)
    top_organizations: Bars = field(default_factory=list)
    speakers_per_session: Bars = field(default_factory=list)


def _frame(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """A table's DataFrame, or an empty one."""
    df = tables.get(name)
    return df if df is not None else pd.DataFrame()


def documents_per_year(documents: pd.DataFrame, meetings: pd.DataFrame) -> Bars:
    """Documents per year of their meeting's start date (`unknown` when none), oldest first."""
    if documents.empty:
        return []
    # plain dicts and lists: setting a Series element per meeting took most of the report's time
    ids = documents["document_id"].astype(str).tolist()
    listed, year_of = set(ids), {}
    if not meetings.empty and "start_date" in meetings:
        dated = meetings.dropna(subset=["start_date"])
        for doc_id, start in zip(dated["document_id"].astype(str).tolist(), dated["start_date"].astype(str).tolist()):
            if doc_id in listed and start[:4].isdigit():
                year_of[doc_id] = start[:4]
    counts = Counter(year_of.get(d, UNKNOWN_YEAR) for d in ids)
    order = sorted(counts, key=lambda y: (y == UNKNOWN_YEAR, y))
    return [(y, int(counts[y])) for y in order]


def top_organizations(speakers: pd.DataFrame, organizations: pd.DataFrame, n: int = TOP_ORGANIZATIONS) -> Bars:
    """The `n` organisations with most speaker mentions (name from `organizations`, else as printed); the
    mentions of merged ids count for their canonical organisation."""
    if speakers.empty or "organization_id" not in speakers:
        return []
    mentions = speakers.dropna(subset=["organization_id"])
    if mentions.empty:
        return []
    names, canonical = {}, {}
    if not organizations.empty:
        names = dict(zip(organizations["organization_id"], organizations["name"]))
        if "canonical_organization_id" in organizations:
            canonical = dict(zip(organizations["organization_id"], organizations["canonical_organization_id"]))
    # through a list: iterating an Arrow-backed column element by element is several times slower
    mentions = mentions.assign(organization_id=[canonical.get(o, o) for o in mentions["organization_id"].tolist()])
    counts = mentions.groupby("organization_id").agg(n=("organization_id", "size"), printed=("affiliation", "first"))
    counts["label"] = [names.get(i) or p for i, p in zip(counts.index, counts["printed"])]
    counts = counts.sort_values(["n", "label"], ascending=[False, True]).head(n)
    return [(str(label), int(k)) for label, k in zip(counts["label"], counts["n"])]


def speakers_per_session(sessions: pd.DataFrame, speakers: pd.DataFrame) -> Bars:
    """How many sessions have 0, 1, 2, … speakers (every session counted, also those without)."""
    if sessions.empty:
        return []
    per_session = speakers.groupby("session_id").size() if not speakers.empty else pd.Series(dtype=int)
    counts = sessions["session_id"].map(per_session).fillna(0).astype(int).value_counts().sort_index()
    return [(f"{k} speaker{'s' if k != 1 else ''}", int(v)) for k, v in counts.items()]


def summary(tables: Mapping[str, pd.DataFrame]) -> Summary:
    """The report's numbers from the contract's tables."""
    documents, meetings = _frame(tables, "documents"), _frame(tables, "meetings")
    sessions, speakers = _frame(tables, "sessions"), _frame(tables, "speakers")
    organizations = _frame(tables, "organizations")
    statuses = documents["status"].value_counts().to_dict() if not documents.empty else {}
    return Summary(
        n_documents=len(documents),
        statuses={str(k): int(v) for k, v in sorted(statuses.items())},
        n_sessions=len(sessions),
        n_items=len(_frame(tables, "items")),
        n_speakers=len(speakers),
        n_people=len(canonical_rows(_frame(tables, "people"), "person_id")),
        n_organizations=len(canonical_rows(organizations, "organization_id")),
        documents_per_year=documents_per_year(documents, meetings),
        top_organizations=top_organizations(speakers, organizations),
        speakers_per_session=speakers_per_session(sessions, speakers),
    )


# --------------------------------------------------------------------------- Markdown


def _md_cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def bars_markdown(title: str, bars: Bars, label_header: str) -> str:
    """A Markdown table with a text bar per row."""
    if not bars:
        return f"### {title}\n\n_no data_\n"
    top = max(v for _, v in bars) or 1
    rows = [f"| {_md_cell(label)} | {value} | {'█' * max(1, round(BAR_CHARS * value / top)) if value else ''} |"
            for label, value in bars]
    return f"### {title}\n\n| {label_header} | n | |\n|:--|--:|:--|\n" + "\n".join(rows) + "\n"


def _totals_line(s: Summary) -> str:
    statuses = ", ".join(f"{n} {k}" for k, n in s.statuses.items()) or "none"
    return (f"**{s.n_documents} documents** ({statuses}) · {s.n_sessions} sessions · {s.n_items} items · "
            f"{s.n_speakers} speaker mentions · {s.n_people} people · {s.n_organizations} organisations")


def report_markdown(s: Summary) -> str:
    """The report as Markdown (tables with text bars)."""
    return "\n".join([
        "## Programme ingest: summary",
        "",
        _totals_line(s),
        "",
        bars_markdown("Documents per meeting year", s.documents_per_year, "year"),
        bars_markdown(f"Top {TOP_ORGANIZATIONS} organisations by speakers", s.top_organizations, "organisation"),
        bars_markdown("Speakers per session", s.speakers_per_session, "session has"),
    ])


# --------------------------------------------------------------------------- HTML + SVG


def bars_svg(title: str, bars: Bars, colour: str = "#2563eb") -> str:
    """A horizontal bar chart as inline SVG (labels escaped)."""
    esc = html.escape
    height = 30 + SVG_BAR_HEIGHT * max(1, len(bars))
    top = max((v for _, v in bars), default=0) or 1
    plot_width = SVG_WIDTH - SVG_LABEL_WIDTH - 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{SVG_WIDTH}" height="{height}" '
             f'viewBox="0 0 {SVG_WIDTH} {height}" font-family="sans-serif" font-size="12">',
             f"<title>{esc(title)}</title>",
             f'<text x="0" y="16" font-weight="bold" font-size="14">{esc(title)}</text>']
    if not bars:
        parts.append('<text x="0" y="44" fill="#64748b">no data</text>')
    for n, (label, value) in enumerate(bars):
        y = 26 + n * SVG_BAR_HEIGHT
        width = round(plot_width * value / top)
        short = label if len(label) <= 40 else label[:39] + "…"
        parts.append(f'<text x="{SVG_LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{esc(short)}</text>'
                     f'<rect class="bar" x="{SVG_LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{SVG_BAR_HEIGHT - 6}" '
                     f'fill="{colour}"><title>{esc(label)}: {value}</title></rect>'
                     f'<text x="{SVG_LABEL_WIDTH + width + 4}" y="{y + 15}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def report_html(s: Summary) -> str:
    """The report as a self-contained HTML page (inline SVG charts, no network)."""
    totals = _totals_line(s).replace("**", "")
    charts = [
        bars_svg("Documents per meeting year", s.documents_per_year, "#2563eb"),
        bars_svg(f"Top {TOP_ORGANIZATIONS} organisations by speakers", s.top_organizations, "#e11d48"),
        bars_svg("Speakers per session", s.speakers_per_session, "#16a34a"),
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>Programme ingest: summary</title>"
        "<style>body{font:14px/1.5 system-ui,sans-serif;margin:20px;color:#1f2937}figure{margin:16px 0}</style>"
        f"</head><body><h1>Programme ingest: summary</h1><p>{html.escape(totals)}</p>"
        + "".join(f"<figure>{c}</figure>" for c in charts)
        + "</body></html>\n"
    )


def report_files(tables: Mapping[str, pd.DataFrame]) -> tuple[str, str, Summary]:
    """Markdown and HTML of the report, and its summary."""
    s = summary(tables)
    return report_markdown(s), report_html(s), s
