"""A presenter printed as a Markdown shortcut link, "[Ana Ruiz]" (its target an anchor at
the speaker's abstract further down): the name is read without its brackets, in a table
cell or on a line, alone or with others. Documents made here; real spaCy models; no line
is copied from the development corpus.
"""
from __future__ import annotations

from typing import Any

import pytest

from extractors import extract
from extractors.ner import get_nlp
from extractors.speakers import parse_people


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("de")


@pytest.mark.parametrize("text,lang,names", [
    ("[Ingrid Halvorsen]", "en", ["Ingrid Halvorsen"]),
    ("[Kwame Mensah and Lucia Bianchi]", "en", ["Kwame Mensah", "Lucia Bianchi"]),
    ("  [Jörg Brandtner, Helga Simmerl] ", "de", ["Jörg Brandtner", "Helga Simmerl"]),
])
def test_a_bracketed_presenter_is_read_without_its_brackets(text: str, lang: str, names: list[str]) -> None:
    assert [sp.name for sp in parse_people(text, lang)] == names


def test_a_markdown_schedule_of_linked_presenters() -> None:
    md = """# Solver Users Meeting 2031

### Wednesday, June 4: Talks

| Time     | Title                                         | Speaker                        |
| -------- | --------------------------------------------- | ------------------------------ |
|  9:00 am | Welcome                                       | [Ingrid Halvorsen]             |
|  9:15 am | Preconditioners for saddle-point systems      | [Kwame Mensah](https://example.org/v/1) |
| 10:00 am | Adaptive meshes on GPUs                       | [Lucia Bianchi and Omar Farouk] |

(ingrid-halvorsen)=

**Ingrid Halvorsen**
"""
    programme = extract(md.encode(), "meeting.md").programme
    items = {it.title: [sp.name for sp in it.speakers] for s in programme.sessions for it in s.items}
    assert items == {
        "Welcome": ["Ingrid Halvorsen"],
        "Preconditioners for saddle-point systems": ["Kwame Mensah"],
        "Adaptive meshes on GPUs": ["Lucia Bianchi", "Omar Farouk"],
    }
