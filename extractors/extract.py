"""The library's entry point: bytes of one document in, its programme out.

    read (readers/) → blocks (blocks.py) → segment (segment.py) → speakers (speakers.py)

`resolve.py` works across documents afterwards. Nothing here knows about Dagster.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Document, Programme

EXTRACTOR_VERSION = "0.1.0"


@dataclass
class Extraction:
    document: Document
    programme: Programme


def extract(data: bytes, name: str) -> Extraction:
    """Read one document (its bytes and file name) and segment it into a programme.

    Raises an exception with a human message when the document cannot be read at all.
    """
    from .readers import read_document
    from .segment import segment

    document = read_document(data, name)
    programme = segment(document)
    return Extraction(document=document, programme=programme)
