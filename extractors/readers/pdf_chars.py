"""pdfplumber pages whose characters cost less to build.

pdfplumber turns every pdfminer object of a page into a dict through `Page.process_object`,
which copies and resolves every attribute, colours and colour spaces included. For the
characters, that copy is most of the time pdfplumber spends on a page (about 60 % of a
`page.chars` call on a typical programme PDF; pdfminer's own parsing is the rest), and
the reader never looks at colours. `LightPage` overrides `parse_objects` so that
characters become dicts with only the geometry, text and font keys, computed exactly as
pdfplumber computes them (same values, same order), while lines, rectangles, curves and
images still go through `process_object`, so that `extract_words`, `find_tables` and
`images` behave as on a plain `Page`. `tests/test_pdf_chars.py` checks that the words,
tables and images of both kinds of page are equal.

Going further, a `LightPage` parses its page with `CharDictDevice`, which turns each glyph
pdfminer renders into that dict at once, instead of building a pdfminer `LTChar` first
(whose construction, with the font's width and descent looked up again for every glyph, is
about half of pdfminer's time on a text page). The arithmetic is `LTChar`'s, in the same
order, so the values are the same floats. With layout analysis on (`laparams`), which needs
the `LTChar` objects, the page is parsed the usual way.
"""
from __future__ import annotations

import logging
import weakref
from typing import Any, Callable, Iterable, Optional
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer, LTPage
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils.exceptions import PdfminerException

logger = logging.getLogger("pdfminer.pdfdevice")  # the logger of the method `render_string_horizontal` replaces

# The keys of a pdfplumber char dict that the reader and pdfplumber's word and table
# finders read; colours ("stroking_color", "non_stroking_color", "ncs", "scs") are left out.
CHAR_KEYS = ("text", "fontname", "size", "adv", "upright", "x0", "x1", "y0", "y1", "width", "height",
             "top", "bottom", "doctop", "matrix", "mcid", "tag", "object_type", "page_number")


class LightPage(Page):
    """A pdfplumber `Page` whose `chars` are light dicts (see the module docstring)."""

    _device_chars: Optional[list[dict[str, Any]]] = None  # made by `CharDictDevice` while parsing
    # `flush_cache` drops the characters with the layout: a page refers to itself (`root_page`), so
    # what it still holds once dropped waits for the garbage collector instead of being freed at once
    # (every character dict of a document, otherwise; the reader flushes each page it has read).
    cached_properties = [*Page.cached_properties, "_device_chars"]

    @property
    def layout(self) -> LTPage:
        """The page's pdfminer layout, parsed with `CharDictDevice` (characters kept aside)."""
        if hasattr(self, "_layout"):
            return self._layout
        if self.pdf.laparams is not None:
            return Page.layout.fget(self)
        device = CharDictDevice(self)
        interpreter = PDFPageInterpreter(self.pdf.rsrcmgr, device)
        try:
            interpreter.process_page(self.page_obj)
        except Exception as e:
            raise PdfminerException(e)
        self._layout: LTPage = device.get_result()
        self._device_chars = device.chars
        return self._layout

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        objects: dict[str, list[dict[str, Any]]] = {}
        layout = self.layout
        chars: list[dict[str, Any]] = self._device_chars if self._device_chars is not None else []
        self._collect(layout._objs, objects, chars)
        if chars:
            objects["char"] = chars
        return objects

    def _collect(self, layout_objects: Iterable[Any], objects: dict[str, list[dict[str, Any]]],
                 chars: list[dict[str, Any]]) -> None:
        """Walk the layout tree the way `Page.iter_layout_objects` does."""
        for obj in layout_objects:
            if isinstance(obj, LTChar):
                chars.append(self._char(obj))
            elif isinstance(obj, LTContainer):
                if self.pdf.laparams is not None:
                    self._add(self.process_object(obj), objects)
                self._collect(obj._objs, objects, chars)
            else:
                self._add(self.process_object(obj), objects)

    @staticmethod
    def _add(obj: dict[str, Any], objects: dict[str, list[dict[str, Any]]]) -> None:
        kind = obj["object_type"]
        if kind != "anno":
            objects.setdefault(kind, []).append(obj)

    def _char(self, obj: LTChar) -> dict[str, Any]:
        """The dict `Page.process_object` makes of a character, without colours."""
        return char_dict(self, obj.get_text(), obj.fontname, obj.size, obj.adv, obj.upright,
                         obj.x0, obj.y0, obj.x1, obj.y1, obj.matrix, getattr(obj, "mcid", None), getattr(obj, "tag", None))


def char_dict(page: Page, text: str, fontname: Any, size: float, adv: float, upright: bool,
              x0: float, y0: float, x1: float, y1: float, matrix: tuple, mcid: Any, tag: Any) -> dict[str, Any]:
    """The dict `Page.process_object` makes of a character (pdfminer's values), without colours."""
    return char_maker(page)(text, fontname, size, adv, upright, x0, y0, x1, y1, matrix, mcid, tag)


def char_maker(page: Page) -> Callable[..., dict[str, Any]]:
    """`char_dict` for the characters of `page`, with what the page fixes looked up once."""
    mb_x0, mb_top = page.mediabox[:2]
    height, doctop, page_number, norm = page.height, page.initial_doctop, page.page_number, page.pdf.unicode_norm

    def make(text: str, fontname: Any, size: float, adv: float, upright: bool, x0: float, y0: float, x1: float,
             y1: float, matrix: tuple, mcid: Any, tag: Any) -> dict[str, Any]:
        top = (height - y1) + mb_top
        return {
            "text": text if norm is None else normalize_unicode(norm, text),
            "fontname": fix_fontname_bytes(fontname) if isinstance(fontname, bytes) else fontname,
            "size": size,
            "adv": adv,
            "upright": upright,
            "x0": x0 + mb_x0,
            "x1": x1 + mb_x0,
            "y0": y0,
            "y1": y1,
            "width": x1 - x0,
            "height": y1 - y0,
            "top": top,
            "bottom": (height - y0) + mb_top,
            "doctop": doctop + top,
            "matrix": matrix,
            "mcid": mcid,
            "tag": tag,
            "object_type": "char",
            "page_number": page_number,
        }

    return make


# Font → {code: (text, width)}: what `CharDictDevice._glyph` looked up, for as long as the font
# object lives (its PDF is open).
_GLYPHS: "weakref.WeakKeyDictionary[PDFFont, dict[int, tuple[str, float]]]" = weakref.WeakKeyDictionary()


class CharDictDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's page device, except that a rendered glyph becomes a `char_dict` in `chars`
    instead of an `LTChar` in the layout (values computed as `LTChar.__init__` does).

    A glyph's text and width depend only on its font and code, so they are looked up once
    per (font, code).
    """

    def __init__(self, page: Page) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.page = page
        self.chars: list[dict[str, Any]] = []
        self._make = char_maker(page)

    @staticmethod
    def _glyphs_of(font: PDFFont) -> dict[int, tuple[str, float]]:
        """The glyphs of `font` looked up so far: code → (text, width). A PDF's font objects are
        shared by its pages (pdfminer's resource manager caches them), so are their glyphs."""
        glyphs = _GLYPHS.get(font)
        if glyphs is None:
            glyphs = _GLYPHS[font] = {}
        return glyphs

    def _glyph(self, font: PDFFont, cid: int) -> tuple[str, float]:
        """(text, width in text space) of a character code, as `PDFLayoutAnalyzer.render_char` finds them."""
        glyphs = self._glyphs_of(font)
        glyph = glyphs.get(cid)
        if glyph is None:
            try:
                text = font.to_unichr(cid)
                assert isinstance(text, str), str(type(text))
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            glyph = glyphs[cid] = (text, font.char_width(cid))
        return glyph

    def render_string_horizontal(self, seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise,  # type: ignore[override]
                                 dxscale, ncs, graphicstate):
        """`PDFTextDevice.render_string_horizontal` with `render_char` and `translate_matrix`
        inlined: one call per glyph (the page's `char_maker`) instead of four, and what cannot
        change within a string (font, size, matrix, marked-content tag) worked out once. The
        characters of the benchmark corpus take about 15 % less time.

        Every value is computed by the same operations in the same order as the calls it
        replaces (`tests/test_pdf_chars.py` compares the characters with pdfplumber's).
        """
        (x, y) = pos
        needcharspace = False
        chars = self.chars
        glyphs = self._glyphs_of(font)
        (a, b, c, d, e, f) = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        descent = font.get_descent() * fontsize
        by0, by1 = descent + rise, descent + rise + fontsize
        cby0, dby0, cby1, dby1 = c * by0, d * by0, c * by1, d * by1
        a0_cby0, b0_dby0, a0_cby1, b0_dby1 = a * 0 + cby0, b * 0 + dby0, a * 0 + cby1, b * 0 + dby1
        fontname, mcid, tag, make, append = font.fontname, self.cur_mcid, self.cur_tag, self._make, chars.append
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid)
                    if glyph is None:
                        glyph = self._glyph(font, cid)
                    text, textwidth = glyph
                    e1, f1 = x * a + y * c + e, x * b + y * d + f  # utils.translate_matrix
                    adv = textwidth * fontsize * scaling
                    # pdfminer.utils.apply_matrix_rect of (0, by0, adv, by1), unrolled as in render_char
                    # (the terms without adv are the string's: same operations, same order)
                    aadv, badv = a * adv, b * adv
                    left1, bottom1 = a0_cby0 + e1, b0_dby0 + f1
                    right1, bottom2 = (aadv + cby0) + e1, (badv + dby0) + f1
                    right2, top1 = (aadv + cby1) + e1, (badv + dby1) + f1
                    left2, top2 = a0_cby1 + e1, b0_dby1 + f1
                    x0, y0 = min(left1, left2, right1, right2), min(bottom1, bottom2, top1, top2)
                    x1, y1 = max(left1, left2, right1, right2), max(bottom1, bottom2, top1, top2)
                    append(make(text, fontname, y1 - y0, adv, upright, x0, y0, x1, y1, (a, b, c, d, e1, f1), mcid, tag))
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                logger.warning("Cannot render horizontal string because %r is not a valid int, float or bytes.", obj)
        return (x, y)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:  # type: ignore[override]
        text, textwidth = self._glyph(font, cid)
        adv = textwidth * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            (vx, vy) = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bx0, by0, bx1, by1 = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            bx0, by0, bx1, by1 = (0, descent + rise, adv, descent + rise + fontsize)
        (a, b, c, d, e, f) = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        # pdfminer.utils.apply_matrix_rect, unrolled (same operations, same order)
        left1, bottom1 = a * bx0 + c * by0 + e, b * bx0 + d * by0 + f
        right1, bottom2 = a * bx1 + c * by0 + e, b * bx1 + d * by0 + f
        right2, top1 = a * bx1 + c * by1 + e, b * bx1 + d * by1 + f
        left2, top2 = a * bx0 + c * by1 + e, b * bx0 + d * by1 + f
        x0, y0 = min(left1, left2, right1, right2), min(bottom1, bottom2, top1, top2)
        x1, y1 = max(left1, left2, right1, right2), max(bottom1, bottom2, top1, top2)
        size = x1 - x0 if vertical else y1 - y0
        self.chars.append(self._make(text, font.fontname, size, adv, upright, x0, y0, x1, y1,
                                    matrix, self.cur_mcid, self.cur_tag))
        return adv


def light_page(page: Page) -> LightPage:
    """A `LightPage` of the same PDF page (cheap: nothing is parsed until it is asked for)."""
    return LightPage(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
