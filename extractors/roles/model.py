"""The role model: a linear-chain CRF over a document's units (CRFsuite), loaded once per process.

The committed model is `roles.crfsuite` beside this file (rebuilt by `make train`). The
environment variable PROGRAMME_INGEST_ROLE_MODEL points to another model file (the
cross-validation trains one per fold), or to "none" for the rules' reading alone.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from . import MODEL_ENV as ENV, MODEL_PATH, model_path  # noqa: F401 - named in the package (see there)
from .features import Features


def crf_items(feats: list[Features]) -> list[dict]:
    """Feature dicts in CRFsuite's form: strings become indicator features."""
    out = []
    for f in feats:
        item = {}
        for k, v in f.items():
            if k.startswith("_"):
                continue  # bookkeeping, not evidence
            if isinstance(v, str):
                item[f"{k}={v}"] = 1.0
            else:
                item[k] = float(v)  # type: ignore[arg-type]
        out.append(item)
    return out


class RoleModel:
    """A trained CRF: roles for the units of one document."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self.path = path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def predict(self, feats: list[Features]) -> list[str]:
        if not feats:
            return []
        return list(self._tagger.tag(crf_items(feats)))

    def probability(self, feats: list[Features], label: str) -> list[float]:
        """Per unit, the probability of one role (cheaper than all the marginals)."""
        if not feats:
            return []
        self._tagger.set(crf_items(feats))
        if label not in self._tagger.labels():
            return [0.0] * len(feats)
        return [self._tagger.marginal(label, i) for i in range(len(feats))]

    def marginals(self, feats: list[Features]) -> list[dict[str, float]]:
        """Per unit, the probability of each role (after `predict`'s sequence is weighed)."""
        if not feats:
            return []
        self._tagger.set(crf_items(feats))
        labels = self._tagger.labels()
        return [{lab: self._tagger.marginal(lab, i) for lab in labels} for i in range(len(feats))]


@lru_cache(maxsize=4)
def _load(path: str, mtime: int) -> RoleModel:
    del mtime  # part of the cache key: a rebuilt file is loaded again
    return RoleModel(Path(path))


def current_model() -> Optional[RoleModel]:
    """The model in force (see module docstring), or None."""
    path = model_path()
    if path is None or not path.exists():
        return None
    return _load(str(path), path.stat().st_mtime_ns)
