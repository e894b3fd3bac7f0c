"""Readers: detection, decoding, and the text / Markdown / HTML / Word readers on real inputs."""
from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractors.model import Document
from extractors.readers import UnsupportedFormat, detect_format, read_document
from extractors.readers.decode import decode_text
from extractors.readers.html import read_html
from extractors.readers.markdown import read_markdown
from extractors.readers.text import read_text


def assert_offsets(document: Document) -> None:
    """Every block's text is exactly its slice of the document text."""
    assert document.blocks, "no blocks"
    for block in document.blocks:
        assert document.text[block.char_start : block.char_end] == block.text
        for style in block.styles:
            assert 0 <= style.start < style.end <= len(block.text)


def styled(block, bold: bool = False, italic: bool = False) -> list[str]:
    """Texts of the block's runs with the given flags."""
    return [block.text[s.start : s.end] for s in block.styles if (bold and s.bold) or (italic and s.italic)]


# --- docx builders ------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    """A real .docx made with python-docx by `build(document)`."""
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_agenda(document) -> None:
    document.core_properties.title = "Coastal Workshop 2022"
    document.add_heading("Coastal Workshop", level=1)
    p = document.add_paragraph()
    p.add_run("Date: ").bold = True
    p.add_run("4 May 2022")
    document.add_heading("Session 1", level=2)
    document.add_paragraph("First point", style="List Bullet")
    p = document.add_paragraph()
    run = p.add_run("Keynote: Dune dynamics")
    run.italic = True
    run.add_break(WD_BREAK.LINE)
    p.add_run("Jane Doe, Deltares")
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "Time"
    table.rows[0].cells[1].text = "Talk"
    table.rows[1].cells[0].text = "10:00"
    cell = table.rows[1].cells[1]
    cell.text = "Beach nourishment"
    cell.add_paragraph("Ann Smith, TU Delft")
    table.rows[2].cells[0].text = "10:30"
    table.rows[2].cells[1].text = "Salt marshes"


# --- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (b"%PDF-1.7\n...", "x.bin", "pdf"),
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "agenda.txt", "html"),
        (b"  <html><p>Hi</p></html>", "noext", "html"),
        (b"<style>td{}</style>\n<table><tr><td>9:00</td><td>Talk</td></tr></table>", "programme.tpl", "html"),
        (b"<table><tr><td>9:00</td><td>Talk</td></tr></table>", "x", "html"),
        (b"---\ntitle: X\n---\n\n<p align=center><a href=x>Home</a></p>\n\n14.00 -- **Intro**\n", "programme.md", "md"),
        (b"# Agenda\n\nSome text", "agenda.md", "md"),
        (b"# Agenda\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "agenda.txt", "md"),
        (b"*When:* 15:50\n\n## Main\n\n## Other\n", "agenda.txt", "md"),
        (b"Session 1 - Opening\n- Talk, Name, Org\n", "agenda.txt", "txt"),
        (b"Session 1 - Opening\n- Talk, Name, Org\n", "agenda.md", "md"),
        (b"Plain words about 5 < 6 and a > b.\n", "notes.html", "txt"),
        ("Caf\u00e9 programme\n".encode("utf-16"), "a.txt", "txt"),
    ],
)
def test_detect_format(data: bytes, name: str, expected: str) -> None:
    assert detect_format(data, name) == expected


def test_detect_docx() -> None:
    assert detect_format(docx_bytes(build_agenda), "whatever.bin") == "docx"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy"),
        (bytes(range(256)) * 10, "binary"),
        (b"", "empty"),
    ],
)
def test_unsupported_binary(data: bytes, words: str) -> None:
    with pytest.raises(UnsupportedFormat, match=words):
        read_document(data, "file.dat")


def test_zip_that_is_not_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnsupportedFormat, match="ZIP"):
        read_document(buffer.getvalue(), "x.docx")


def test_unsupported_is_value_error() -> None:
    assert issubclass(UnsupportedFormat, ValueError)


# --- decoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Séance – café\r\nFin".encode("utf-8"), "Séance – café\nFin"),
        ("\ufeffSéance".encode("utf-8"), "Séance"),
        ("Séance\r\n".encode("utf-16"), "Séance\n"),
        ("Séance".encode("utf-16-be"), "Séance"),
        ("Séance".encode("utf-16-le"), "Séance"),
        ("Séance".encode("utf-32"), "Séance"),
        ("Séance – “café”".encode("cp1252"), "Séance – “café”"),
        (b"Caf\xe9\x00 \x81", "Café \x81"),
        ("e\u0301t\u00e9".encode("utf-8"), "été"),  # NFC
        (b"a\rb", "a\nb"),
    ],
)
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_declared_charset_is_used_only_when_it_decodes() -> None:
    cyrillic = "<meta charset='windows-1251'><p>Программа</p>".encode("cp1251")
    assert "Программа" in decode_text(cyrillic, html=True)
    lying = "<meta charset='iso-8859-1'><p>Séance</p>".encode("utf-8")
    assert "Séance" in decode_text(lying, html=True)


# --- text reader --------------------------------------------------------------------------


def test_text_lines_bullets_and_nbsp() -> None:
    data = "Programme\n\nSession 1 – Opening\n-\u00a0\u00a0Talk one, Ann Lee, UNODC\n  • Sub point\n1. Numbered\no Letter o bullet\n".encode()
    document = read_text(data)
    assert_offsets(document)
    kinds = [(b.kind, b.text, b.level) for b in document.blocks]
    assert kinds == [
        ("line", "Programme", None),
        ("line", "Session 1 – Opening", None),
        ("list_item", "-  Talk one, Ann Lee, UNODC", 1),
        ("list_item", "• Sub point", 2),
        ("list_item", "1. Numbered", 1),
        ("list_item", "o Letter o bullet", 1),
    ]
    assert "\u00a0" not in document.text
    assert "Programme\n\nSession" in document.text  # blank line kept as a gap


def test_text_one_long_line_is_one_block() -> None:
    line = "Intro text -\u00a0\u00a0 Talk A, Name, Org -\u00a0\u00a0 Talk B, Name, Org Session 2 – Title"
    document = read_text(line.encode())
    assert_offsets(document)
    assert len(document.blocks) == 1
    assert document.blocks[0].text == line.replace("\u00a0", " ")


def test_text_pipe_table_and_emphasis() -> None:
    data = (
        "*When:* 15:50 - 18:20 UTC\n\n"
        "| Time | What | Who |\n|------|------|-----|\n| 15:50 | Welcome | Chairs |\n|  | Second draft |  |\n\n"
        "**Bold line**\n"
    ).encode()
    document = read_text(data)
    assert_offsets(document)
    first = document.blocks[0]
    assert first.text == "When: 15:50 - 18:20 UTC"
    assert styled(first, italic=True) == ["When:"]
    rows = [b for b in document.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [["Time", "What", "Who"], ["15:50", "Welcome", "Chairs"], ["", "Second draft", ""]]
    assert [r.header for r in rows] == [True, False, False]
    assert [r.row_index for r in rows] == [0, 1, 2]
    assert {r.table_id for r in rows} == {0}
    assert document.blocks[-1].text == "Bold line" and document.blocks[-1].bold


def test_text_bullet_star_is_not_emphasis() -> None:
    document = read_text(b"* item one\n* item *two*\n2*3*4 stays\n")
    assert [b.text for b in document.blocks] == ["* item one", "* item two", "2*3*4 stays"]
    assert [b.kind for b in document.blocks] == ["list_item", "list_item", "line"]


# --- markdown reader ----------------------------------------------------------------------

MARKDOWN = """---
title: "Information Workshop"
layout: page
---

<p align="center">
  <a href="{{ '/' | relative_url }}">Home</a> ·
  <a href="/cfp">Call for Papers</a> ·
  <a href="/dates">Dates</a> ·
  <a href="/programme"><strong>Programme</strong></a>
</p>

# Programme

14.10-15.00 -- [**Keynote by Prof. Ann Lee**](keynote.md)\\
  "A talk title"

15.15-16.00 -- **Remote presentations**

  _A paper title_\\
  Bob Smith and Carla Diaz

Soft wrapped
paragraph here.

- item one
  - nested item

| Time | Talk |
|------|------|
| 9:00 | **Opening** |
"""


def test_markdown_reader() -> None:
    document = read_markdown(MARKDOWN.encode())
    assert_offsets(document)
    assert document.title == "Information Workshop"
    texts = [b.text for b in document.blocks]
    assert "Home · Call for Papers · Dates · Programme" not in texts  # navigation bar dropped
    assert not any("layout" in t or "{{" in t for t in texts)
    heading = document.blocks[0]
    assert (heading.kind, heading.text, heading.level) == ("heading", "Programme", 1)
    by_text = {b.text: b for b in document.blocks}
    assert by_text["14.10-15.00 -- Keynote by Prof. Ann Lee"].kind == "line"
    assert styled(by_text["14.10-15.00 -- Keynote by Prof. Ann Lee"], bold=True) == ["Keynote by Prof. Ann Lee"]
    assert by_text['"A talk title"'].kind == "line"
    assert by_text["A paper title"].italic
    assert by_text["Bob Smith and Carla Diaz"].kind == "line"
    assert by_text["Soft wrapped paragraph here."].kind == "paragraph"
    assert by_text["item one"].level == 1 and by_text["nested item"].level == 2
    rows = [b for b in document.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [["Time", "Talk"], ["9:00", "Opening"]]
    assert rows[0].header and not rows[1].header
    assert styled(rows[1], bold=True) == ["Opening"]


def test_markdown_syntax_in_txt_splits_every_line() -> None:
    data = b"## Agenda\n\n09:00 Welcome\n09:30 First talk\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    document = read_document(data, "agenda.txt")
    assert document.format == "md"
    assert_offsets(document)
    assert [b.text for b in document.blocks[:3]] == ["Agenda", "09:00 Welcome", "09:30 First talk"]


# --- html reader --------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><title> Agile  Day 2013 </title><style>p{}</style>
<script>var x = "<p>no</p>";</script></head><body>
<div class="navbar"><ul class="nav"><li class="dropdown"><a href="#">Sessions</a>
<ul class="dropdown-menu"><li><a href="/s1">Talk about testing</a></li></ul></li></ul></div>
<div id="mainNavigation"><a href="/">Home</a></div>
<div class="title-bar"><div class="title-bar-title">Menu</div></div>
<nav><a href="/">Nav link</a></nav>
<h3>jeudi 23</h3>
<h4>1 - Belvédère</h4>
<ul><li>09:00 - 09:20 - Talk about testing -  <a href="/bios/x">Peter Stevens</a> et <a href="/bios/y">Ann</a></li>
<li>Outer<ul><li>Inner item</li></ul></li></ul>
<p>Conferencia: <b>Name&nbsp;Surname</b><br>Affiliation&nbsp;- Univ<br><i>"Title"</i></p>
<div>Direct   text
   in a div <em>emph</em></div>
<p hidden>hidden text</p><p style="display:none">also hidden</p>
<footer><p>Copyright</p></footer>
<div class="cookie-banner">We use cookies <button>OK</button></div>
</body></html>"""


def test_html_reader_blocks_menus_and_styles() -> None:
    document = read_html(HTML.encode())
    assert_offsets(document)
    assert document.title == "Agile Day 2013"
    texts = [b.text for b in document.blocks]
    assert texts.count("Talk about testing") == 0
    assert not any(word in " ".join(texts) for word in ("Sessions", "Home", "Menu", "Nav link", "no", "hidden", "Copyright", "cookies"))
    kinds = {b.text: (b.kind, b.level) for b in document.blocks}
    assert kinds["jeudi 23"] == ("heading", 3)
    assert kinds["1 - Belvédère"] == ("heading", 4)
    assert kinds["09:00 - 09:20 - Talk about testing - Peter Stevens et Ann"] == ("list_item", 1)
    assert kinds["Outer"] == ("list_item", 1)
    assert kinds["Inner item"] == ("list_item", 2)
    lines = [b for b in document.blocks if b.kind == "line"]
    assert [b.text for b in lines] == ["Conferencia: Name Surname", "Affiliation - Univ", '"Title"']
    assert styled(lines[0], bold=True) == ["Name Surname"]
    assert lines[2].italic
    assert kinds["Direct text in a div emph"] == ("paragraph", None)
    assert document.blocks[0].bold  # headings are bold


BROKEN_TABLE = """<style>td{}</style>
<table>
<tr><td colspan="2"><strong>DIA 25 de Enero 2016</strong></td>
<tr><td>08:00&nbsp;-&nbsp;09:00   </td><td>    REGISTRO  DE   PARTICIPANTES</td></tr></td>
<tr><td>09:00</td><td><strong><u>Conferencia:   Sebasti&aacute;n Lipina</u></strong> <br><br>
 Unidad (UNA&nbsp;-&nbsp;Argentina)<br><strong>"Pobreza"</strong></strong></td></tr>
<tr><td></td><td></td></tr>
</table>
<table><thead><tr><th>Time</th><th>Talk</th></tr></thead>
<tr><td>9:00</td><td><p>Para one</p><p>Para two</p></td></tr></table>"""


def test_html_tables_tolerant() -> None:
    document = read_document(BROKEN_TABLE.encode("cp1252"), "programme.tpl")
    assert document.format == "html"
    assert_offsets(document)
    rows = [b for b in document.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [
        ["DIA 25 de Enero 2016"],
        ["08:00 - 09:00", "REGISTRO DE PARTICIPANTES"],
        ["09:00", "Conferencia: Sebastián Lipina\nUnidad (UNA - Argentina)\n\"Pobreza\""],
        ["Time", "Talk"],
        ["9:00", "Para one\nPara two"],
    ]
    assert [r.table_id for r in rows] == [0, 0, 0, 1, 1]
    assert [r.row_index for r in rows] == [0, 1, 2, 0, 1]
    assert [r.header for r in rows] == [False, False, False, True, False]
    assert rows[0].colspans == [2] and rows[1].colspans is None
    assert rows[0].bold and not rows[1].bold
    assert rows[2].text == "09:00 | " + rows[2].cells[1]
    assert styled(rows[2], bold=True) == ["Conferencia: Sebastián Lipina", '"Pobreza"']


def test_html_menu_named_wrapper_with_content_is_kept() -> None:
    talks = "".join(f"<li>09:{i:02d} - Talk number {i} about rivers - Speaker {i}</li>" for i in range(10))
    page = f'<body><div class="has-navbar"><h2>Programme</h2><ul>{talks}</ul><a href="/">Home</a></div></body>'
    document = read_html(page.encode())
    assert document.blocks[0].text == "Programme"
    assert sum(b.kind == "list_item" for b in document.blocks) == 10


def test_html_pre_keeps_lines() -> None:
    document = read_html(b"<pre>09:00  Welcome\n09:30  Talk, A. Name\n\n</pre>")
    assert_offsets(document)
    assert [(b.kind, b.text) for b in document.blocks] == [("line", "09:00 Welcome"), ("line", "09:30 Talk, A. Name")]


def test_html_layout_table_is_not_a_data_table() -> None:
    page = "<table><tr><td><h2>Programme</h2><table><tr><td>9:00</td><td>Talk</td></tr></table></td></tr></table>"
    document = read_html(page.encode())
    assert_offsets(document)
    assert [(b.kind, b.text) for b in document.blocks] == [("heading", "Programme"), ("table_row", "9:00 | Talk")]


def test_html_th_row_is_header() -> None:
    document = read_html(b"<table><tr><th colspan=3>Thursday</th></tr><tr><td>13:00</td><td>Opening</td><td>(Chairs)</td></tr></table>")
    rows = document.blocks
    assert rows[0].header and rows[0].cells == ["Thursday"] and rows[0].bold
    assert not rows[1].header and len(rows[1].cells) == 3


def test_html_deeply_nested_does_not_crash() -> None:
    page = "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "<p>after</p></body></html>"
    started = time.perf_counter()
    document = read_html(page.encode())
    assert time.perf_counter() - started < 10
    assert isinstance(document, Document)
    for block in document.blocks:
        assert document.text[block.char_start : block.char_end] == block.text


def test_html_no_external_entities(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    page = f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><p>a &x; b</p></body></html>'
    document = read_document(page.encode(), "x.html")
    assert "TOPSECRET" not in document.text


def test_html_windows_1252_without_declaration() -> None:
    page = "<html><body><p>Séance – “café”</p></body></html>".encode("cp1252")
    assert read_document(page, "a.html").blocks[0].text == "Séance – “café”"


# --- docx reader --------------------------------------------------------------------------


def test_docx_reader() -> None:
    document = read_document(docx_bytes(build_agenda), "agenda.docx")
    assert document.format == "docx"
    assert_offsets(document)
    assert document.title == "Coastal Workshop 2022"
    blocks = document.blocks
    assert (blocks[0].kind, blocks[0].text, blocks[0].level) == ("heading", "Coastal Workshop", 1)
    assert blocks[1].text == "Date: 4 May 2022" and styled(blocks[1], bold=True) == ["Date:"]
    assert not blocks[1].bold
    assert (blocks[2].kind, blocks[2].level) == ("heading", 2)
    assert (blocks[3].kind, blocks[3].text, blocks[3].level) == ("list_item", "First point", 1)
    assert [(b.kind, b.text) for b in blocks[4:6]] == [("line", "Keynote: Dune dynamics"), ("line", "Jane Doe, Deltares")]
    assert blocks[4].italic and not blocks[5].italic
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [["Time", "Talk"], ["10:00", "Beach nourishment\nAnn Smith, TU Delft"], ["10:30", "Salt marshes"]]
    assert [r.row_index for r in rows] == [0, 1, 2]


def build_merged(document) -> None:
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "Chair A"
    table.rows[0].cells[1].text = "Talk 1"
    table.rows[1].cells[1].text = "Talk 2"
    table.rows[2].cells[0].text = "Chair B"
    table.rows[2].cells[1].text = "Talk 3"
    table.cell(0, 0).merge(table.cell(1, 0))
    # mark the first row as a repeated header row
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def test_docx_vertical_merge_and_header_row() -> None:
    document = read_document(docx_bytes(build_merged), "merged.docx")
    assert_offsets(document)
    rows = [b for b in document.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [["Chair A", "Talk 1"], ["", "Talk 2"], ["Chair B", "Talk 3"]]
    assert [r.header for r in rows] == [True, False, False]


def build_numbered(document) -> None:
    p = document.add_paragraph("Numbered by numPr")
    p_pr = p._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "1")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "3")
    num_pr.append(ilvl)
    num_pr.append(num_id)
    p_pr.append(num_pr)
    document.add_paragraph("Big title", style="Title")
    bold = document.add_paragraph()
    bold.add_run("All bold").bold = True


def test_docx_numbering_title_and_bold() -> None:
    document = read_document(docx_bytes(build_numbered), "n.docx")
    blocks = {b.text: b for b in document.blocks}
    assert (blocks["Numbered by numPr"].kind, blocks["Numbered by numPr"].level) == ("list_item", 2)
    assert (blocks["Big title"].kind, blocks["Big title"].level) == ("heading", 1)
    assert blocks["Big title"].size_ratio > 1
    assert blocks["All bold"].bold


# --- dispatcher ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, name, fmt",
    [
        (b"Session 1\n- Talk, Name, Org\n", "a.txt", "txt"),
        (b"# Title\n\nText\n", "a.md", "md"),
        (b"<html><body><p>x</p></body></html>", "a.html", "html"),
    ],
)
def test_read_document_sets_format_and_language(data: bytes, name: str, fmt: str) -> None:
    document = read_document(data, name)
    assert document.format == fmt
    assert document.language == "en"
    assert_offsets(document)
