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
"""
from __future__ import annotations

from typing import Any, Iterable
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer
from pdfplumber.page import Page, fix_fontname_bytes

# The keys of a pdfplumber char dict that the reader and pdfplumber's word and table
# finders read; colours ("stroking_color", "non_stroking_color", "ncs", "scs") are left out.
CHAR_KEYS = ("text", "fontname", "size", "adv", "upright", "x0", "x1", "y0", "y1", "width", "height",
             "top", "bottom", "doctop", "matrix", "mcid", "tag", "object_type", "page_number")


class LightPage(Page):
    """A pdfplumber `Page` whose `chars` are light dicts (see the module docstring)."""

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        objects: dict[str, list[dict[str, Any]]] = {}
        chars: list[dict[str, Any]] = []
        self._collect(self.layout._objs, objects, chars)
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
        mb_x0, mb_top = self.mediabox[:2]
        top = (self.height - obj.y1) + mb_top
        text = obj.get_text()
        if self.pdf.unicode_norm is not None:
            text = normalize_unicode(self.pdf.unicode_norm, text)
        fontname = obj.fontname
        if isinstance(fontname, bytes):
            fontname = fix_fontname_bytes(fontname)
        return {
            "text": text,
            "fontname": fontname,
            "size": obj.size,
            "adv": obj.adv,
            "upright": obj.upright,
            "x0": obj.x0 + mb_x0,
            "x1": obj.x1 + mb_x0,
            "y0": obj.y0,
            "y1": obj.y1,
            "width": obj.width,
            "height": obj.height,
            "top": top,
            "bottom": (self.height - obj.y0) + mb_top,
            "doctop": self.initial_doctop + top,
            "matrix": obj.matrix,
            "mcid": getattr(obj, "mcid", None),
            "tag": getattr(obj, "tag", None),
            "object_type": "char",
            "page_number": self.page_number,
        }


def light_page(page: Page) -> LightPage:
    """A `LightPage` of the same PDF page (cheap: nothing is parsed until it is asked for)."""
    return LightPage(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
