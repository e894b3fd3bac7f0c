"""Resolution across documents: people and organisations with stable ids, merges explained.

Two levels:

- Per document (no corpus needed): `person_id` / `organization_id` hash a normalisation key
  that folds everything decidable from the printed form alone (`names.person_key`: NFC,
  case, accents, honorifics, "Surname, Given" and "SURNAME Given" orders, punctuation;
  `orgs.organization_key`). `tables.py` writes these ids into the per-document Parquet
  files, which are never rewritten when other documents arrive.
- Across documents (`resolve`): ids whose printed forms belong together are grouped into
  one canonical person / organisation, and each decision is a row of `merges`:
  initials ("J. Rios" → "Jorge Rios" only when exactly one candidate exists in the corpus),
  acronym ↔ expansion (printed "Expansion (ACR)" / "ACR (Expansion)" anywhere in the corpus,
  or the aliases file), sub-units ("USFWS Office of Law Enforcement" has parent "USFWS",
  kept as its own organisation). The canonical row keeps the id of its earliest member
  (first document by ingestion time, then most mentions), so ids stay stable as documents
  arrive; `person_aliases` / `organization_aliases` map every per-document id to it.
  `people` / `organizations` also hold a row for every merged id (a copy of its canonical
  row, `canonical_person_id` / `canonical_organization_id` naming it), so a plain join of the
  per-document tables on their ids finds a row for every mention.

No Dagster here.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from .names import display_name, fullness, has_accents, initials_compatible, person_key
from .orgs import (
    OrgAlias,
    acronym_of,
    acronym_pairs,
    looks_like_acronym,
    organization_key,
    split_subunit,
)

__all__ = [
    "person_key", "person_id", "organization_key", "organization_id", "acronym_of",
    "Resolution", "resolve", "resolve_weighted", "weighted_mentions", "title_acronyms", "document_ranks",
    "build_people", "build_organizations", "canonical_rows", "RESOLVED_SCHEMAS",
]

# Merge kinds recorded in the `merges` table.
MERGE_SAME_KEY = "same_key"  # two stored ids whose printed forms now give one key (older extractor)
MERGE_INITIALS = "initials"  # "J. Rios" → "Jorge Rios"
MERGE_ACRONYM = "acronym"  # "UNODC" ↔ "United Nations Office on Drugs and Crime", printed in a document
MERGE_ALIAS = "alias"  # linked by config/org_aliases.yaml
LINK_PARENT = "parent"  # a sub-unit linked (not merged) to its parent organisation

_S, _I64 = pa.string(), pa.int64()
_LIST = pa.list_(_S)

RESOLVED_SCHEMAS: dict[str, pa.Schema] = {
    "people": pa.schema([
        pa.field("person_id", _S, nullable=False),
        pa.field("name", _S),
        pa.field("variants", _LIST),
        pa.field("n_mentions", _I64),
        pa.field("n_documents", _I64),
        pa.field("organizations", _LIST),
        pa.field("document_ids", _LIST),
        pa.field("person_ids", _LIST),
        pa.field("merged_ids", _LIST),
        pa.field("canonical_person_id", _S),
    ]),
    "organizations": pa.schema([
        pa.field("organization_id", _S, nullable=False),
        pa.field("name", _S),
        pa.field("acronym", _S),
        pa.field("variants", _LIST),
        pa.field("parent_id", _S),
        pa.field("n_mentions", _I64),
        pa.field("n_documents", _I64),
        pa.field("organization_ids", _LIST),
        pa.field("merged_ids", _LIST),
        pa.field("canonical_organization_id", _S),
    ]),
    "person_aliases": pa.schema([
        pa.field("person_id", _S, nullable=False),
        pa.field("canonical_person_id", _S, nullable=False),
    ]),
    "organization_aliases": pa.schema([
        pa.field("organization_id", _S, nullable=False),
        pa.field("canonical_organization_id", _S, nullable=False),
    ]),
    "merges": pa.schema([
        pa.field("kind", _S, nullable=False),
        pa.field("entity", _S, nullable=False),
        pa.field("from_id", _S, nullable=False),
        pa.field("to_id", _S, nullable=False),
        pa.field("from_name", _S),
        pa.field("to_name", _S),
        pa.field("reason", _S),
    ]),
}


# --------------------------------------------------------------------------- per-document ids


def _short_hash(prefix: str, key: str) -> str:
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def person_id(name: str) -> str:
    """A stable id for a person's printed name (`p_` + 12 hex digits of the hash of `person_key`)."""
    return _short_hash("p_", person_key(name))


def organization_id(affiliation: str) -> str:
    """A stable id for an organisation's printed form (`o_` + 12 hex digits of the hash of `organization_key`)."""
    return _short_hash("o_", organization_key(affiliation))


# --------------------------------------------------------------------------- union-find


class _Clusters:
    """Union-find over string nodes, remembering why each node joined."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, list[tuple[str, str]]] = defaultdict(list)  # node → (kind, reason) of its unions

    def add(self, node: str) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: str) -> str:
        self.add(node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: str, b: str, kind: str, reason: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[rb] = ra
        for node in (a, b):
            self.why[node].append((kind, reason))
        return True

    def reason(self, nodes: Sequence[str], preferred: Sequence[str]) -> Optional[tuple[str, str]]:
        """The first recorded union of `nodes` whose kind is in `preferred`, else their first union."""
        events = [e for n in nodes for e in self.why.get(n, [])]
        return next((e for e in events if e[0] in preferred), events[0] if events else None)


# --------------------------------------------------------------------------- mentions


MENTION_COLUMNS = ["document_id", "name", "person_id", "affiliation", "organization_id"]


WEIGHTED_COLUMNS = [*MENTION_COLUMNS, "n"]


def mentions_of(frames: Iterable[Optional[pd.DataFrame]]) -> pd.DataFrame:
    """Speaker and chair rows stacked: document_id, name, person_id, affiliation, organization_id."""
    parts = [f.reindex(columns=MENTION_COLUMNS) for f in frames if f is not None and len(f)]
    if not parts:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    return pd.concat(parts, ignore_index=True).astype(object).where(lambda d: d.notna(), None)


def weighted_mentions(frames: Iterable[Optional[pd.DataFrame]]) -> pd.DataFrame:
    """The mentions of `mentions_of`, one row per distinct (document, name, person, affiliation,
    organisation) with its count `n`, sorted: what resolution needs, whatever order the rows came in."""
    mentions = mentions_of(frames)
    if not len(mentions):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MENTION_COLUMNS} | {"n": pd.Series(dtype="int64")})
    counted = mentions.fillna("\0").groupby(MENTION_COLUMNS, sort=True).size().reset_index(name="n")
    return counted.astype({c: object for c in MENTION_COLUMNS}).replace("\0", None)


def title_acronyms(texts: Iterable[str]) -> list[tuple[str, str]]:
    """The distinct (acronym, expansion) pairs printed in `texts` ("Expansion (ACR)", "ACR (Expansion)"), sorted."""
    return sorted({pair for text in set(texts) for pair in acronym_pairs(text)})


def document_ranks(documents: Optional[pd.DataFrame], mentions: pd.DataFrame) -> dict[str, int]:
    """Documents in arrival order (ingested_at, then source_path); documents not listed come last by id."""
    order: list[str] = []
    if documents is not None and len(documents) and "document_id" in documents:
        cols = [c for c in ("ingested_at", "source_path", "document_id") if c in documents]
        order = list(documents.sort_values(cols, kind="stable")["document_id"].astype(str))
    rest = sorted({str(d) for d in pd.unique(mentions["document_id"].dropna())} - set(order))  # distinct first: a row per mention
    return {d: n for n, d in enumerate(order + rest)}


def _canonical(ids: Sequence[str], first_rank: dict[str, int], counts: Counter) -> str:
    """The id a cluster keeps: earliest first document, then most mentions, then smallest id."""
    return min(ids, key=lambda i: (first_rank.get(i, 1 << 30), -counts[i], i))


def _first_ranks(df: pd.DataFrame, id_col: str, ranks: dict[str, int]) -> dict[str, int]:
    """Id → the rank of the earliest document it appears in."""
    # a rank per distinct document, then a minimum per id in numpy: a dict lookup per mention row
    # (an archive's index holds hundreds of thousands) cost more than all the rest of resolution
    documents, document_values = pd.factorize(df["document_id"])
    per_document = np.array([ranks.get(str(d), 1 << 30) for d in document_values] + [1 << 30], dtype=np.int64)
    idents, ident_values = pd.factorize(df[id_col])
    first = np.full(len(ident_values), 1 << 31, dtype=np.int64)
    np.minimum.at(first, idents, per_document[documents])  # code -1 (no document) takes the last entry
    return dict(zip(list(ident_values), first.tolist()))


def _grouped(df: pd.DataFrame, id_col: str, column: str) -> dict[str, list]:
    """Id → the distinct non-null values of `column` on its rows, sorted."""
    pairs = df[[id_col, column]].dropna().drop_duplicates()
    grouped: dict[str, list] = defaultdict(list)
    for ident, value in zip(pairs[id_col].tolist(), pairs[column].tolist()):  # a sort per id, not a Python agg per group
        grouped[ident].append(value)
    for values in grouped.values():
        values.sort()
    return grouped


def _forms(df: pd.DataFrame, id_col: str, form_col: str) -> dict[str, Counter]:
    """Id → Counter of its printed forms (weighted by `n`), forms inserted in sorted order."""
    sums = df.groupby([id_col, form_col], sort=True)["n"].sum()
    out: dict[str, Counter] = defaultdict(Counter)
    for (ident, form), n in sums.items():
        out[ident][str(form)] += int(n)
    return out


# --------------------------------------------------------------------------- people


def _pick_person_name(forms: Counter) -> str:
    """The display name among printed forms (honorifics dropped).

    The most frequent form among the fullest ones: full given names over initials, accented
    over unaccented ("Javier Montaño" over "Javier Montano"), mixed case over SURNAME capitals.
    """
    def rank(form: str) -> tuple:
        shown = display_name(form) or form
        mixed = any(c.islower() for c in shown) and not any(_is_caps_word(w) for w in shown.split())
        full_tokens, n_tokens = fullness(form)
        return (-full_tokens, -n_tokens, -has_accents(shown), -mixed, -forms[form], -len(shown), shown)

    best = min(forms, key=rank)
    return display_name(best) or best


def _is_caps_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _person_clusters(pairs: Iterable[tuple[str, str]]) -> _Clusters:
    """Group per-document person ids (from their (id, printed name) pairs, sorted): same current
    key, then initials with one candidate only."""
    clusters = _Clusters()
    key_ids: dict[str, list[str]] = defaultdict(list)
    key_name: dict[str, str] = {}
    for ident, name in pairs:
        key = person_key(str(name))
        clusters.add(ident)
        if ident not in key_ids[key]:
            key_ids[key].append(ident)
        key_name.setdefault(key, str(name))
    for key, ids in key_ids.items():
        for other in ids[1:]:
            clusters.union(ids[0], other, MERGE_SAME_KEY, f"'{key_name[key]}' and its other printed forms give one key")
    by_surname: dict[str, list[list[str]]] = defaultdict(list)
    tokens = {k: k.split() for k in key_ids if k}
    for key, toks in tokens.items():
        by_surname[toks[-1]].append(toks)
    for _ in range(3):  # a few passes: a merge can make a former ambiguity one cluster
        changed = False
        for key, short in tokens.items():
            candidates = [" ".join(t) for t in by_surname[short[-1]] if initials_compatible(short, t)]
            roots = {clusters.find(key_ids[c][0]) for c in candidates}
            own = clusters.find(key_ids[key][0])
            if len(roots) == 1 and own not in roots:
                target = candidates[0]
                reason = (f"'{key_name[key]}' abbreviates '{key_name[target]}', "
                          "the only person in the corpus it could be")
                changed |= clusters.union(key_ids[target][0], key_ids[key][0], MERGE_INITIALS, reason)
        if not changed:
            break
    return clusters


# --------------------------------------------------------------------------- organisations


@dataclass
class _OrgLinks:
    """What the corpus and the aliases file say about acronyms."""

    expansions: dict[str, set[str]]  # acronym key → expansion keys printed in documents
    alias_of: dict[str, OrgAlias]  # any alias form key → its alias entry
    printed: dict[str, str]  # key → a printed form (acronyms and expansions seen)


def _org_links(pairs: Iterable[tuple[str, str]], aliases: Sequence[OrgAlias]) -> _OrgLinks:
    """`pairs`: the (acronym, expansion) pairs printed in the corpus, in a fixed order (the first
    printed form of a key is the one shown)."""
    expansions: dict[str, set[str]] = defaultdict(set)
    printed: dict[str, str] = {}
    for acronym, expansion in pairs:
        a, e = organization_key(acronym), organization_key(expansion)
        expansions[a].add(e)
        printed.setdefault(a, acronym)
        printed.setdefault(e, expansion)
    alias_of = {organization_key(form): alias for alias in aliases for form in alias.forms()}
    return _OrgLinks(expansions, alias_of, printed)


def _org_clusters(pairs: Iterable[tuple[str, str]], links: _OrgLinks) -> _Clusters:
    """Group per-document organisation ids (from their (id, printed form) pairs, sorted; as key
    nodes `k:<key>` and id nodes)."""
    clusters = _Clusters()
    for ident, form in pairs:
        key = organization_key(str(form))
        clusters.union(f"k:{key}", ident, MERGE_SAME_KEY, f"'{form}' and its other printed forms give one key")
        defined = acronym_pairs(str(form))
        for acronym, expansion in defined:
            if len(defined) == 1 and _spans(str(form), acronym, expansion):
                clusters.union(f"k:{organization_key(acronym)}", f"k:{key}", MERGE_ACRONYM,
                               f"'{form}' prints the acronym with its expansion")
                clusters.union(f"k:{organization_key(expansion)}", f"k:{key}", MERGE_ACRONYM,
                               f"'{form}' prints the acronym with its expansion")
    for akey, ekeys in links.expansions.items():
        alias = links.alias_of.get(akey)
        agreeing = {e for e in ekeys if alias is None or links.alias_of.get(e) is alias}
        if alias is None and len(ekeys) != 1:
            continue  # one acronym, several expansions in the corpus: never guess
        for ekey in agreeing:
            clusters.union(f"k:{akey}", f"k:{ekey}", MERGE_ACRONYM,
                           f"a document prints '{links.printed[ekey]} ({links.printed[akey]})'")
    for key, alias in links.alias_of.items():
        anchor = organization_key(alias.acronym)
        if key != anchor:
            clusters.union(f"k:{anchor}", f"k:{key}", MERGE_ALIAS,
                           f"the aliases file lists '{alias.acronym}' as '{alias.name}'")
    return clusters


def _spans(form: str, acronym: str, expansion: str) -> bool:
    """The affiliation is exactly "Expansion (ACR)" or "ACR (Expansion)" (no other words)."""
    return organization_key(form) in {
        organization_key(f"{expansion} {acronym}"), organization_key(f"{acronym} {expansion}")}


def _n_punct(text: str) -> int:
    return sum(not (c.isalnum() or c.isspace()) for c in text)


def _pick_org_name(forms: Counter, expansion: Optional[str]) -> str:
    """The name: the most frequent printed form that is not a bare acronym ("X (ACR)" shown as X), else the expansion."""
    full: Counter = Counter()
    for form, n in forms.items():
        pairs = acronym_pairs(form)
        if pairs and _spans(form, *pairs[0]):
            full[pairs[0][1]] += n
        elif not looks_like_acronym(form):
            full[form] += n
    if full:
        return sorted(full.items(), key=lambda kv: (-kv[1], -has_accents(kv[0]), _n_punct(kv[0]), -len(kv[0]), kv[0]))[0][0]
    if expansion:
        return expansion
    return sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


# --------------------------------------------------------------------------- resolution


@dataclass
class Resolution:
    """The cross-document tables: people, organizations, their alias maps, and merges."""

    people: pd.DataFrame
    organizations: pd.DataFrame
    person_aliases: pd.DataFrame
    organization_aliases: pd.DataFrame
    merges: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name → frame (the names of `RESOLVED_SCHEMAS`)."""
        return {"people": self.people, "organizations": self.organizations, "person_aliases": self.person_aliases,
                "organization_aliases": self.organization_aliases, "merges": self.merges}


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RESOLVED_SCHEMAS[table].names)


def resolve(
    speakers: Optional[pd.DataFrame],
    chairs: Optional[pd.DataFrame] = None,
    *,
    documents: Optional[pd.DataFrame] = None,
    texts: Iterable[str] = (),
    aliases: Sequence[OrgAlias] = (),
) -> Resolution:
    """People and organisations across documents.

    `speakers`/`chairs`: the per-document rows (document_id, name, person_id, affiliation,
    organization_id); `documents`: the documents table (arrival order for stable ids);
    `texts`: other printed text of the corpus (meeting, session and item titles) searched
    for "Expansion (ACR)"; `aliases`: the aliases file's organisations.
    """
    mentions = weighted_mentions([speakers, chairs])
    return resolve_weighted(mentions, document_ranks(documents, mentions), title_acronyms(texts), aliases)


def resolve_weighted(mentions: pd.DataFrame, ranks: dict[str, int], title_pairs: Iterable[tuple[str, str]] = (),
                     aliases: Sequence[OrgAlias] = ()) -> Resolution:
    """`resolve` from what it needs only: the mentions counted (`weighted_mentions`: one row per
    distinct mention per document, with `n`), the documents' arrival ranks (`document_ranks`)
    and the acronym pairs printed in titles (`title_acronyms`).

    The result depends on the set of rows only, not on their order, so a persisted, updated
    index of these rows (`pipelines.resolution`) gives the very tables a rebuild from every
    file gives. Work grows with distinct mentions and names, not with the rows of the archive.
    """
    orgs, org_alias_rows, org_merges, org_names = _resolve_organizations(mentions, ranks, title_pairs, aliases)
    people, person_alias_rows, person_merges = _resolve_people(mentions, ranks, org_names)
    return Resolution(
        people=_frame("people", people),
        organizations=_frame("organizations", orgs),
        person_aliases=_frame("person_aliases", person_alias_rows),
        organization_aliases=_frame("organization_aliases", org_alias_rows),
        merges=_frame("merges", person_merges + org_merges),
    )


def _resolve_people(mentions: pd.DataFrame, ranks: dict[str, int], org_names: dict[str, str]):
    df = mentions[mentions["person_id"].notna() & mentions["name"].notna()]
    forms_of = _forms(df, "person_id", "name")
    clusters = _person_clusters((ident, name) for ident, forms in sorted(forms_of.items()) for name in forms)
    counts = Counter({ident: sum(forms.values()) for ident, forms in forms_of.items()})
    first = _first_ranks(df, "person_id", ranks)
    documents_of = _grouped(df, "person_id", "document_id")
    organizations_of = _grouped(df, "person_id", "organization_id")
    members: dict[str, list[str]] = defaultdict(list)
    for ident in sorted(forms_of):
        members[clusters.find(ident)].append(ident)
    rows, alias_rows, merges = [], [], []
    for ids in members.values():
        canonical = _canonical(ids, first, counts)
        forms: Counter = Counter()
        for ident in ids:
            forms.update(forms_of[ident])
        documents = {str(d) for ident in ids for d in documents_of[ident]}
        organizations = {o for ident in ids for o in organizations_of[ident]}
        name = _pick_person_name(Counter(dict(sorted(forms.items()))))
        rows.append({
            "person_id": canonical, "name": name, "variants": sorted(forms), "n_mentions": sum(forms.values()),
            "n_documents": len(documents),
            "organizations": sorted({org_names[o] for o in organizations if o in org_names}),
            "document_ids": sorted(documents),
            "person_ids": sorted(ids), "merged_ids": sorted(i for i in ids if i != canonical),
        })
        for ident in sorted(ids):
            alias_rows.append({"person_id": ident, "canonical_person_id": canonical})
            if ident != canonical:
                kind, reason = clusters.reason([ident], [MERGE_INITIALS]) or (MERGE_SAME_KEY, "")
                merges.append({"kind": kind, "entity": "person", "from_id": ident, "to_id": canonical,
                               "from_name": forms_of[ident].most_common(1)[0][0], "to_name": name, "reason": reason})
    alias_rows.sort(key=lambda r: r["person_id"])
    merges.sort(key=lambda r: (r["kind"], r["from_id"]))
    return _row_per_id(rows, "person_id"), alias_rows, merges


def _row_per_id(rows: list[dict], id_column: str) -> list[dict]:
    """The canonical rows plus, for each id merged into one, a copy of its row under that id; sorted by id.

    Per-document files keep the ids they were written with, so the table holds a row for every
    one of them: a plain join of speakers/chairs on the id finds a row (no mention is lost), and
    `canonical_<id column>` names the merged entity (the row's own id on canonical rows). A copy
    describes the same entity as its canonical row (name, variants, counts), so entities are
    counted on the canonical rows only.
    """
    canonical_column = f"canonical_{id_column}"
    out: list[dict] = []
    for row in rows:
        out.append({**row, canonical_column: row[id_column]})
        out.extend({**row, id_column: ident, canonical_column: row[id_column]} for ident in row["merged_ids"])
    return sorted(out, key=lambda r: r[id_column])


def _resolve_organizations(mentions: pd.DataFrame, ranks: dict[str, int], title_pairs: Iterable[tuple[str, str]],
                           aliases: Sequence[OrgAlias]):
    df = mentions[mentions["organization_id"].notna() & mentions["affiliation"].notna()]
    forms_of = _forms(df, "organization_id", "affiliation")
    affiliation_pairs = title_acronyms({form for forms in forms_of.values() for form in forms})
    links = _org_links([*affiliation_pairs, *title_pairs], aliases)
    clusters = _org_clusters(((ident, form) for ident, forms in sorted(forms_of.items()) for form in forms), links)
    counts = Counter({ident: sum(forms.values()) for ident, forms in forms_of.items()})
    first = _first_ranks(df, "organization_id", ranks)
    documents_of = _grouped(df, "organization_id", "document_id")
    members: dict[str, list[str]] = defaultdict(list)
    for ident in sorted(forms_of):
        members[clusters.find(ident)].append(ident)
    key_nodes: dict[str, list[str]] = defaultdict(list)
    nodes_of_root: dict[str, list[str]] = defaultdict(list)
    for node in list(clusters.parent):
        root = clusters.find(node)
        nodes_of_root[root].append(node)
        if node.startswith("k:"):
            key_nodes[root].append(node[2:])

    rows, alias_rows, merges = [], [], []
    canonical_of_root: dict[str, str] = {}
    for root, ids in members.items():
        canonical = _canonical(ids, first, counts)
        canonical_of_root[root] = canonical
        forms: Counter = Counter()
        for ident in ids:
            forms.update(forms_of[ident])
        forms = Counter(dict(sorted(forms.items())))
        acronym, expansion = _acronym_and_expansion(key_nodes[root], forms, links)
        rows.append({
            "organization_id": canonical, "name": _pick_org_name(forms, expansion), "acronym": acronym,
            "variants": sorted(forms), "parent_id": None, "n_mentions": sum(forms.values()),
            "n_documents": len({d for ident in ids for d in documents_of[ident]}),
            "organization_ids": sorted(ids), "merged_ids": sorted(i for i in ids if i != canonical),
        })
        for ident in sorted(ids):
            alias_rows.append({"organization_id": ident, "canonical_organization_id": canonical})
            if ident != canonical:
                form = forms_of[ident].most_common(1)[0][0]
                kind, reason = _org_reason(clusters, ident, form, nodes_of_root[root])
                merges.append({"kind": kind, "entity": "organization", "from_id": ident, "to_id": canonical,
                               "from_name": form, "to_name": rows[-1]["name"], "reason": reason})
    merges += _link_parents(rows, clusters, canonical_of_root, links)
    name_of = {r["organization_id"]: r["name"] for r in rows}
    names = {a["organization_id"]: name_of[a["canonical_organization_id"]] for a in alias_rows}
    alias_rows.sort(key=lambda r: r["organization_id"])
    merges.sort(key=lambda r: (r["kind"], r["from_id"]))
    return _row_per_id(rows, "organization_id"), alias_rows, merges, names


def _org_reason(clusters: _Clusters, ident: str, form: str, in_cluster: Sequence[str]) -> tuple[str, str]:
    """Why an id (most often printed as `form`) joined its cluster (whose nodes are `in_cluster`): an
    acronym/alias decision on its key, else any in its cluster, else same key."""
    preferred = (MERGE_ACRONYM, MERGE_ALIAS)
    found = clusters.reason([f"k:{organization_key(form)}", ident], preferred)
    if found and found[0] in preferred:
        return found
    found = clusters.reason([n for n in in_cluster if n in clusters.why], preferred)
    if found and found[0] in preferred:
        return found
    return MERGE_SAME_KEY, f"'{form}' gives the same key as another printed form"


def _acronym_and_expansion(keys: list[str], forms: Counter, links: _OrgLinks) -> tuple[Optional[str], Optional[str]]:
    """The cluster's acronym and expansion: from the aliases file, the corpus's definitions, or its printed forms."""
    for key in sorted(keys):
        alias = links.alias_of.get(key)
        if alias:
            return alias.acronym, alias.name
    acronym = expansion = None
    for form, _ in forms.most_common():
        acronym = acronym or acronym_of(form)
    for key in sorted(keys):
        if key in links.expansions and len(links.expansions[key]) == 1:
            acronym = acronym or links.printed.get(key)
            expansion = links.printed.get(next(iter(links.expansions[key])))
    return acronym, expansion


def _link_parents(rows: list[dict], clusters: _Clusters, canonical_of_root: dict[str, str],
                  links: _OrgLinks) -> list[dict]:
    """Set `parent_id` of sub-units ("USFWS Office of Law Enforcement" → "USFWS"); adds alias-only parents as rows."""
    known = {n[2:] for n in clusters.parent if n.startswith("k:")} | set(links.alias_of)
    merges: list[dict] = []
    added: dict[str, dict] = {}
    for row in list(rows):
        for form in row["variants"]:
            found = split_subunit(form, known)
            if not found:
                continue
            parent_form, unit = found
            parent_root = clusters.find(f"k:{organization_key(parent_form)}")
            parent_id = canonical_of_root.get(parent_root)
            if parent_id is None:
                parent_id = _alias_parent_row(parent_form, links, rows, added)
            if parent_id is None or parent_id == row["organization_id"]:
                continue
            row["parent_id"] = parent_id
            merges.append({"kind": LINK_PARENT, "entity": "organization", "from_id": row["organization_id"],
                           "to_id": parent_id, "from_name": row["name"], "to_name": parent_form,
                           "reason": f"'{form}' is the unit '{unit}' of '{parent_form}' (kept distinct, linked)"})
            break
    return merges


def _alias_parent_row(parent_form: str, links: _OrgLinks, rows: list[dict], added: dict[str, dict]) -> Optional[str]:
    """A parent known only from the aliases file becomes a row with no mentions (id of its acronym)."""
    alias = links.alias_of.get(organization_key(parent_form))
    if alias is None:
        return None
    ident = organization_id(alias.acronym)
    if ident not in added:
        added[ident] = {"organization_id": ident, "name": alias.name, "acronym": alias.acronym, "variants": [],
                        "parent_id": None, "n_mentions": 0, "n_documents": 0, "organization_ids": [ident],
                        "merged_ids": []}
        rows.append(added[ident])
    return ident


def canonical_rows(table: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """The rows of `people` / `organizations` that are entities (their own canonical id), not merged ids.

    Tables written before merged ids had rows (no canonical column) are returned whole.
    """
    canonical_column = f"canonical_{id_column}"
    if canonical_column not in table or id_column not in table:
        return table
    return table[table[id_column] == table[canonical_column]]


# --------------------------------------------------------------------------- compatibility wrappers


def build_people(speakers: Optional[pd.DataFrame], chairs: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """The `people` table of `resolve` (without documents order, titles or aliases)."""
    return resolve(speakers, chairs).people


def build_organizations(speakers: Optional[pd.DataFrame], chairs: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """The `organizations` table of `resolve` (without documents order, titles or aliases)."""
    return resolve(speakers, chairs).organizations
