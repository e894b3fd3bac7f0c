"""Imported by the worker pool's forkserver only: loads the default spaCy model there.

Workers are forked from the forkserver, so a model loaded here is shared by every worker
(copy-on-write) instead of being loaded by each one. Other languages' models load lazily in
the worker that first needs them (the French one takes seconds to build its tokenizer, so
it is not loaded up front). A failure here is ignored: workers then load the model
themselves. Never import this module elsewhere (see `pipelines.pool.preload_models`).
"""
from __future__ import annotations

DEFAULT_MODEL_LANG = "en"


def load_default_model() -> None:
    """Load the default language's spaCy pipeline into this process's cache (`extractors.ner`)."""
    try:
        from extractors.ner import get_nlp

        get_nlp(DEFAULT_MODEL_LANG)
    except Exception:  # noqa: BLE001 - a worker loads the model itself when it needs it
        pass


load_default_model()
