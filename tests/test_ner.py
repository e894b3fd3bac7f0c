"""Tests for extractors.ner with the real spaCy models (loaded once per session)."""
from __future__ import annotations

from typing import Any

import pytest

from extractors import ner


@pytest.fixture(scope="session")
def nlp_en() -> Any:
    return ner.get_nlp("en")


@pytest.fixture(scope="session")
def nlp_fr() -> Any:
    return ner.get_nlp("fr")


def test_only_needed_components(nlp_en: Any, nlp_fr: Any) -> None:
    assert nlp_en.pipe_names == ["tok2vec", "ner"]
    assert nlp_fr.pipe_names == ["tok2vec", "ner"]


def test_cached_per_language(nlp_en: Any, nlp_fr: Any) -> None:
    assert ner.get_nlp("en") is nlp_en
    assert ner.get_nlp("fr") is nlp_fr
    assert ner.get_nlp("de") is nlp_en  # fallback
    assert ner.get_nlp(None) is nlp_en


def test_spanish_has_no_model() -> None:
    assert ner.get_nlp("es") is None
    assert ner.classify(["Juan Pablo Valenzuela", "UNICEF"], "es") == ["OTHER", "OTHER"]


@pytest.mark.parametrize(
    "chunk, label",
    [
        ("Werner Gowitzke", "PERSON"),
        ("Meng Xianlin", "PERSON"),
        ("Tom Peatman", "PERSON"),
        ("EUROPOL", "ORG"),
        ("Alaska Airlines", "ORG"),
        ("challenges and opportunities", "OTHER"),
    ],
)
def test_classify_en(nlp_en: Any, chunk: str, label: str) -> None:
    assert ner.classify([chunk], "en") == [label]


def test_classify_fr(nlp_fr: Any) -> None:
    assert ner.classify(["Guillaume Duquesnay", "Le serveur qui fait ping"], "fr") == ["PERSON", "OTHER"]


def test_classify_keeps_order_and_duplicates(nlp_en: Any) -> None:
    chunks = ["EUROPOL", "Werner Gowitzke", "EUROPOL"]
    assert ner.classify(chunks, "en") == ["ORG", "PERSON", "ORG"]


def test_classify_memoises(nlp_en: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ner.classify(["Rod Potter"], "en")
    assert ("en", "Rod Potter") in ner._memo
    calls: list[int] = []
    real_pipe = nlp_en.pipe

    def counting_pipe(texts: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        calls.append(len(texts))
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(nlp_en, "pipe", counting_pipe)
    assert ner.classify(["Rod Potter", "Rod Potter"], "en") == ["PERSON", "PERSON"]
    assert calls == []  # answered from the memo
    ner.classify(["Ottoline Brackenbury", "Zebulon Quarterfield", "Rod Potter"], "en")
    assert calls == [2]  # one batch, only the unseen chunks


def test_prefetch_asks_ner_about_a_whole_document_in_one_batch():
    from extractors import ner
    from extractors.speakers import prefetch

    lines = ["Opening of the dialogue, Maria Lopez, Regional Office", "Trends in seizures – Peter Grant (Sydney Uni)"]
    ner._memo.clear()
    prefetch(lines, "en")
    cached = {text for (_, text) in ner._memo}
    assert {"Maria Lopez", "Peter Grant"} <= cached
