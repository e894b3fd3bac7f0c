"""Training and cross-validation of the role model on an annotated corpus.

    python -m extractors.roles.train train [CORPUS] [--out FOLDER]  (make train)
    python -m extractors.roles.train cv [CORPUS] [--folds 5]        (make cv)

CORPUS holds one folder per document with `source.<ext>` and `gold.json` (the format of
`../shared/eval/GOLD_FORMAT.md`). Training reads every document with the project's own
readers, aligns its gold to the units (`align.py`), and fits a CRF over the units'
features (`features.py`). Cross-validation splits the documents into folds; for each fold
it trains on the other folds, runs `python -m pipelines ingest` on the fold's documents
with that model, scores the tables with the corpus's `score.py`, and pools the counts.
Nothing here runs at ingest time.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from .align import align
from .features import Features, document_features
from . import READINGS_ENV
from .model import ENV, MODEL_PATH, crf_items
from .readings import WEIGHTS_PATH

DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev"
#: CRFsuite settings: L-BFGS with L1 and L2 penalties (deterministic for the same input).
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True,
          "feature.minfreq": 1}
#: Documents whose gold the alignment could not place for more than this share of its strings
#: are left out of training: their unplaced programme lines would be taught as not programme.
MAX_UNPLACED = 0.3
METRICS = ("sessions", "items", "item_session", "speakers", "pairs", "attribution", "chairs", "meeting_fields")


@dataclass
class Example:
    """One annotated document, read and aligned."""

    case: str
    source: Path
    features: list[Features]
    labels: list[str]
    n_gold: int
    unmatched: list[str]
    readings: list[tuple[dict[str, float], float]]  # per candidate reading: features, quality against the gold


def cases(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if (p / "gold.json").is_file())


def source_of(case: Path) -> Path:
    return next(p for p in sorted(case.iterdir()) if p.name.startswith("source."))


def load_scorer(score_py: Path):
    """The corpus's scorer (`score.py`) as a module: its matching decides a reading's quality."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("programme_score", score_py)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {score_py}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def quality(scorer, case: str, gold: dict, programme, suffix: str) -> float:
    """Sessions + items + pairs F1 of one programme against its gold, as the scorer counts."""
    import pandas as pd

    from ..tables import programme_rows

    rows = programme_rows("doc", programme)
    tables = {t: pd.DataFrame(rows.get(t, [])) for t in ("meetings", "sessions", "items", "speakers", "chairs")}
    tables["documents"] = pd.DataFrame([{"document_id": "doc", "source_path": case + suffix, "status": "ok"}])
    counts = {m: scorer.Count() for m in METRICS}
    scorer.score_case(case, gold, tables, counts, [])
    return sum(counts[m].prf()[2] for m in ("sessions", "items", "pairs"))


def read_example(case: Path, scorer=None) -> Optional[Example]:
    """A document's units, features and gold roles, and its candidate readings with their
    quality (with `scorer`); None when it cannot be read."""
    from ..readers import read_document
    from ..segment import finish, prepare
    from .align import gold_elements
    from .readings import UnitState, candidate_readings, reading_features, settle

    src = source_of(case)
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    try:
        prep = prepare(read_document(src.read_bytes(), src.name))
    except Exception as exc:  # an unreadable document teaches nothing; say so and go on
        print(f"  {case.name}: not read ({exc})", file=sys.stderr)
        return None
    state = UnitState(prep.units)
    readings = candidate_readings(prep, state)
    scored = []
    if scorer is not None:
        most = max(sum(len(s.items) for s in r.sessions) for r in readings)
        for r in readings:
            feats = reading_features(r, most, prep.lang)
            scored.append((feats, quality(scorer, case.name, gold, finish(r.prep, r.sessions, r.day_dates), src.suffix)))
    rules = settle(readings, readings[0], state)
    feats = document_features(rules.prep, rules.sessions)
    al = align(rules.prep.units, gold)
    n_gold = len([e for e in gold_elements(gold) if e.text or e.number])
    return Example(case=case.name, source=src, features=feats, labels=al.labels, n_gold=n_gold,
                   unmatched=[f"{e.role}:{e.text[:50]}" for e in al.unmatched], readings=scored)


def read_corpus(corpus: Path, scorer=None) -> list[Example]:
    out = []
    for case in cases(corpus):
        ex = read_example(case, scorer)
        if ex is not None:
            out.append(ex)
    return out


def alignment_report(examples: list[Example]) -> str:
    roles: Counter[str] = Counter()
    for ex in examples:
        roles.update(ex.labels)
    n_units = sum(len(ex.labels) for ex in examples)
    n_gold = sum(ex.n_gold for ex in examples)
    n_lost = sum(len(ex.unmatched) for ex in examples)
    lines = [f"alignment: {len(examples)} documents, {n_units} units, "
             f"{n_units - roles['O']} labelled ({', '.join(f'{r} {roles[r]}' for r in 'SITPCG')}), "
             f"{roles['O']} not programme",
             f"gold strings: {n_gold}, found no unit: {n_lost} ({n_lost / max(1, n_gold):.1%})"]
    worst = sorted(examples, key=lambda e: -len(e.unmatched) / max(1, e.n_gold))[:8]
    lines.append("most gold strings without a unit: " + ", ".join(
        f"{e.case} {len(e.unmatched)}/{e.n_gold}" for e in worst if e.unmatched))
    return "\n".join(lines)


def trainable(ex: Example) -> bool:
    return bool(ex.features) and len(ex.unmatched) <= MAX_UNPLACED * max(1, ex.n_gold)


def train(examples: Iterable[Example], out: Path) -> Path:
    """Fit the CRF on the examples (those well aligned) and write the model file."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in examples:
        if trainable(ex):
            trainer.append(crf_items(ex.features), ex.labels)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def fit_readings(examples: Iterable[Example], out: Path) -> Path:
    """Fit the readings scorer on the examples' candidate readings and write its weights."""
    from .readings import fit

    weights = fit([ex.readings for ex in examples if len(ex.readings) > 1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"weights": dict(sorted(weights.items()))}, indent=1) + "\n", encoding="utf-8")
    return out


def train_all(examples: list[Example], folder: Path) -> tuple[Path, Path]:
    """The role model and the readings scorer, written to `folder`."""
    return train(examples, folder / MODEL_PATH.name), fit_readings(examples, folder / WEIGHTS_PATH.name)


def folds(names: list[str], k: int) -> list[list[str]]:
    """Documents split into k folds, the same way for the same names: by a hash of the name."""
    ranked = sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    return [ranked[i::k] for i in range(k)]


def score_fold(corpus: Path, fold_cases: list[str], learned: tuple[Path, Path], work: Path, score_py: Path) -> dict:
    """Ingest the fold's documents with the `learned` files and score them; the scorer's JSON."""
    raw, out = work / "raw", work / "out"
    raw.mkdir(parents=True)
    for name in fold_cases:
        src = source_of(corpus / name)
        shutil.copyfile(src, raw / f"{name}{src.suffix}")
    env = {**os.environ, ENV: str(learned[0]), READINGS_ENV: str(learned[1])}
    run = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--out", str(out)],
                         env=env, capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout[-2000:], run.stderr[-2000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"ingest failed on a fold (exit {run.returncode})")
    figures = work / "score.json"
    subprocess.run([sys.executable, str(score_py), str(corpus), "--out", str(out), "--cases", ",".join(fold_cases),
                    "--json", str(figures), "--quiet"], check=True, capture_output=True, text=True)
    return json.loads(figures.read_text())


def f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def cross_validate(corpus: Path, k: int, score_py: Path) -> dict[str, float]:
    examples = read_corpus(corpus, load_scorer(score_py))
    print(alignment_report(examples), flush=True)
    by_name = {ex.case: ex for ex in examples}
    names = [c.name for c in cases(corpus)]
    pooled = {m: Counter() for m in METRICS}
    per_doc = []
    with tempfile.TemporaryDirectory(prefix="cv-") as tmp:
        for i, fold_cases in enumerate(folds(names, k)):
            learned = train_all([by_name[n] for n in names if n not in fold_cases and n in by_name],
                                Path(tmp) / f"fold{i}" / "learned")
            fig = score_fold(corpus, fold_cases, learned, Path(tmp) / f"fold{i}", score_py)
            for m in METRICS:
                for c in ("tp", "fp", "fn"):
                    pooled[m][c] += fig["metrics"][m][c]
            per_doc += fig["per_document"]
            print(f"fold {i + 1}/{k} ({len(fold_cases)} documents): " + "  ".join(
                f"{m} {fig['metrics'][m]['f1']:.3f}" for m in ("sessions", "items", "pairs", "attribution")),
                flush=True)
    print(f"\n{'case':<16}{'status':<9}{'items g/p':>11}{'items F1':>10}{'pairs g/p':>11}{'pairs F1':>10}")
    for d in sorted(per_doc, key=lambda d: d["case"]):
        print(f"{d['case'][:15]:<16}{str(d['status'])[:8]:<9}{str(d['items_gold']) + '/' + str(d['items_pred']):>11}"
              f"{d['items_f1']:>10.3f}{str(d['pairs_gold']) + '/' + str(d['pairs_pred']):>11}{d['pairs_f1']:>10.3f}")
    print(f"\npooled over {len(names)} documents in {k} folds")
    print(f"{'metric':<16}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    out = {}
    for m in METRICS:
        c = pooled[m]
        out[m] = f1(c["tp"], c["fp"], c["fn"])
        print(f"{m:<16}{out[m]:>7.3f}{c['tp']:>6}{c['fp']:>6}{c['fn']:>6}")
    print(f"cv: sessions F1 {out['sessions']:.3f} items F1 {out['items']:.3f} pairs F1 {out['pairs']:.3f} "
          f"attribution F1 {out['attribution']:.3f}")
    return out


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["train", "cv"])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--out", default=str(MODEL_PATH.parent), help="folder to write the learned files to (train)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--score", help="the scorer (default: score.py beside the corpus folder)")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise SystemExit(f"no annotated corpus at {corpus}")
    score_py = Path(args.score) if args.score else corpus.parent / "score.py"
    os.environ[ENV] = os.environ[READINGS_ENV] = "none"  # nothing learned before decides what is learned now
    if args.command == "train":
        examples = read_corpus(corpus, load_scorer(score_py))
        print(alignment_report(examples))
        path, weights = train_all(examples, Path(args.out))
        used = [e for e in examples if trainable(e)]
        print(f"model: {path} ({path.stat().st_size / 1024:.0f} KiB), trained on {sum(len(e.labels) for e in used)} "
              f"units of {len(used)} documents ({len(examples) - len(used)} left out: more than "
              f"{MAX_UNPLACED:.0%} of their gold strings found no unit)")
        print(f"readings scorer: {weights} (from {sum(1 for e in examples if len(e.readings) > 1)} documents "
              f"with more than one candidate reading)")
    else:
        cross_validate(corpus, args.folds, score_py)


if __name__ == "__main__":
    main()
