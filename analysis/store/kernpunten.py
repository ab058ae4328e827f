"""Stored kernpunten, brought up to date after every import (store stage, derived data + people's work).

`refresh(store)` places every suggestion (SUGGESTION_SECTIONS) that has no kernpunt yet:
  - a near-duplicate follows its original (the group's first member), so a group is never split;
  - into a filled store, the nearest existing kernpunt of its theme when that is at least
    `assign_min_similarity` alike, else it is grouped with the other unplaced suggestions of its
    theme into new kernpunten (analysis.enrich.kernpunt_groups), numbered after the highest id;
  - it gets a standpunt from the classifier (analysis.enrich.standpunt).
Existing ids never move or renumber. What people did stays: a member placed by a person (source
'mens') stays where it is, a standpunt a person set stays, a label a person wrote stays. A model
member whose theme changed (a person recoded it) is placed again. Labels, terms and
representatives of the kernpunten whose members changed are recomputed from the redacted public
texts, so a label never shows what the public may not read. One transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert, inspect, select, update
from sqlalchemy.engine import Connection

from analysis.core import schema
from analysis.enrich import kernpunt_groups, kernpunt_labels, standpunt
from analysis.store import db, redactions
from analysis.store.public_texts import INTERNAL, load_public_texts
from analysis.store.store import Store
from analysis.store.tables import kernpunt_members, kernpunten

_REPRESENTATIVES = 6


def suggestions(store: Store, masked: bool = False) -> pd.DataFrame:
    """Every stored suggestion (id, text, topic, section, theme with people's codes, duplicate_of,
    event, respondent_id) in document order, with `group`: the id of its duplicate group's first
    member and `group_theme`: that member's theme. masked: the text de-identified, for what
    pages show (grouping and standpunten read the original)."""
    cols = ["id", "text", "topic", "section", "theme", "duplicate_of", "event", "respondent_id"]
    df = store.load_contributions(cols, masked=INTERNAL if masked else ())
    df = df[df["section"].isin(schema.SUGGESTION_SECTIONS)].reset_index(drop=True)
    df["group"] = duplicate_groups(df["id"].astype(str).tolist(), df["duplicate_of"].astype(object).tolist())
    theme = dict(zip(df["id"].astype(str), df["theme"].fillna(schema.UNCERTAIN_THEME).astype(str)))
    df["group_theme"] = df["group"].map(theme)
    return df


def duplicate_groups(ids: list[str], duplicate_of: list) -> list[str]:
    """Per id the first member of its near-duplicate group: the pairs (id, duplicate_of) joined
    transitively, also when a re-import made two rows point at each other. First is a row that
    duplicates nothing (the original, so a later copy never takes its place), then the given order."""
    parent = {i: i for i in ids}
    rank = {i: (isinstance(d, str), n) for n, (i, d) in enumerate(zip(ids, duplicate_of))}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, d in zip(ids, duplicate_of):
        if isinstance(d, str) and d in parent:
            a, b = root(i), root(d)
            if a != b:
                parent[max(a, b, key=rank.get)] = min(a, b, key=rank.get)
    return [root(i) for i in ids]


def load_kernpunten(conn: Connection) -> pd.DataFrame:
    return pd.read_sql(select(kernpunten), conn)


def load_members(conn: Connection) -> pd.DataFrame:
    return pd.read_sql(select(kernpunt_members), conn)


def _placement(sug: pd.DataFrame, members: pd.DataFrame, kps: pd.DataFrame) -> pd.Series:
    """Kernpunt id per suggestion (NA: to be placed): people's placements, then model placements
    that still fit (same theme, kernpunt not merged), duplicates with their original."""
    theme_of = dict(zip(kps["id"], kps["theme"]))
    merged = set(kps.loc[kps["merged_into"].notna(), "id"])
    current = dict(zip(members["contribution_id"], members["kernpunt_id"]))
    human = set(members.loc[members["source"] == "mens", "contribution_id"])
    out = {}
    for cid, group, theme in zip(sug["id"].astype(str), sug["group"], sug["group_theme"]):
        k = current.get(cid)
        fits = k is not None and k not in merged and theme_of.get(k) == theme
        out[cid] = k if fits and (cid in human or cid == group) else None
    placed = pd.Series(out, dtype="object")
    # a model-placed duplicate goes where its original is
    for cid, group in zip(sug["id"].astype(str), sug["group"]):
        if cid != group and cid not in human:
            placed[cid] = placed.get(group)
    return placed


def _new_kernpunten(x, rows: np.ndarray, next_id: int) -> tuple[dict[int, int], int]:
    labels = kernpunt_groups.group(x[rows])
    ids = {}
    for r, g in zip(rows, labels):
        ids[int(r)] = next_id + int(g)
    return ids, next_id + (int(labels.max()) + 1 if len(labels) else 0)


def place(sug: pd.DataFrame, placed: pd.Series, members: pd.DataFrame, next_id: int
          ) -> tuple[pd.Series, dict[int, str], object]:
    """Fill the NA placements: nearest existing kernpunt of the theme or new ones. Returns the
    placement, the themes of the new kernpunten and the matrix the texts were compared on."""
    texts = kernpunt_groups.comparable(sug["text"].fillna("").tolist(), sug["topic"].tolist(),
                                       sug["group_theme"].tolist())
    x = kernpunt_groups.vectorise(texts)
    ids = sug["id"].astype(str).to_numpy()
    value = np.array(placed.reindex(ids).tolist(), dtype=object)
    value[pd.isna(value)] = None
    is_original = (sug["group"].to_numpy() == ids)
    floor = float(kernpunt_groups.settings()["grouping"]["assign_min_similarity"])
    new_themes: dict[int, str] = {}
    for theme, idx in sug.groupby("group_theme").groups.items():
        idx = np.asarray(idx)
        todo = idx[[value[i] is None and is_original[i] for i in idx]]
        if not len(todo):
            continue
        have = idx[[value[i] is not None for i in idx]]
        if len(have):
            keys, inverse = np.unique(value[have].astype(int), return_inverse=True)
            best, sim = kernpunt_groups.nearest(x[todo], kernpunt_groups.centroids(x[have], inverse, len(keys)))
            near = sim >= floor
            value[todo[near]] = keys[best[near]]
            todo = todo[~near]
        if len(todo):
            found, after = _new_kernpunten(x, todo, next_id)
            for r, k in found.items():
                value[r] = k
                new_themes[k] = str(theme)
            next_id = after
    group_of = dict(zip(ids, value))
    for i, group in enumerate(sug["group"]):
        if value[i] is None:
            value[i] = group_of.get(group)
    return pd.Series(value, index=ids, dtype="object"), new_themes, x


def _describe(sug: pd.DataFrame, placement: pd.Series, x, changed: set[int], public: dict[str, str],
              hidden: set[str]) -> dict[int, dict]:
    """label, terms and representatives of the changed kernpunten, from the public texts."""
    ids = sug["id"].astype(str).to_numpy()
    texts = [public.get(i, "") if i not in hidden else "" for i in ids]
    filler = kernpunt_groups.filler_sentences(texts, sug["group_theme"].tolist())
    out = {}
    codes = placement.reindex(ids).to_numpy()
    for k in changed:
        rows = np.flatnonzero(codes == k)
        rows = rows[[bool(texts[r].strip()) for r in rows]] if len(rows) else rows
        if not len(rows):
            out[k] = {"label": "", "terms": "", "representatives": ""}
            continue
        c = kernpunt_groups.centroids(x[rows], np.zeros(len(rows), dtype=int), 1)
        order = rows[np.argsort(-(x[rows] @ c.T).toarray().ravel(), kind="stable")]
        distinct = list(dict.fromkeys(texts[r] for r in order))
        reps = list(dict.fromkeys(ids[r] for r in order if texts[r] in distinct[:_REPRESENTATIVES]))
        out[k] = {"label": kernpunt_labels.label(distinct, filler),
                  "terms": ";".join(kernpunt_labels.terms(distinct[:20])),
                  "representatives": ";".join(reps[:_REPRESENTATIVES])}
    return out


def refresh(store: Store, progress: Callable[[float, str], None] | None = None) -> int:
    """Place every unplaced suggestion, classify its standpunt, describe the kernpunten that
    changed; one transaction. Returns the number of suggestions placed."""
    if progress:
        progress(0.0, "kernpunten bijwerken")
    sug = suggestions(store)
    with store.engine.connect() as conn:
        kps, members = load_kernpunten(conn), load_members(conn)
        hidden = redactions.hidden_ids(conn)
    placed = _placement(sug, members, kps)
    next_id = int(kps["id"].max()) + 1 if len(kps) else 1
    placement, new_themes, x = place(sug, placed, members, next_id)
    before = dict(zip(members["contribution_id"], members["kernpunt_id"]))
    moved = [cid for cid in placement.index if before.get(cid) != placement[cid]]
    vanished = [cid for cid in before if cid not in placement.index]
    if not moved and not vanished and not new_themes:
        return 0
    changed = {int(placement[c]) for c in moved} | {int(before[c]) for c in moved + vanished if c in before}
    public = dict(zip(*load_public_texts(store)[["id", "text"]].astype(str).T.values))
    described = _describe(sug, placement, x, changed, public, hidden)
    rows = sug.set_index(sug["id"].astype(str))
    kept = members.set_index("contribution_id")
    needs = [c for c in moved if c not in kept.index or kept.at[c, "standpunt_source"] != "mens"]
    labels, scores = standpunt.classify(rows.loc[needs, "text"].fillna("").astype(str).tolist(),
                                        rows.loc[needs, "section"].astype(str).tolist())
    found = dict(zip(needs, zip(labels, scores)))
    now = datetime.now(UTC)

    def member_row(cid: str) -> dict:
        own = found.get(cid)
        old = kept.loc[cid] if cid in kept.index else None
        return {"contribution_id": cid, "kernpunt_id": int(placement[cid]), "source": "model",
                "standpunt": own[0] if own else old["standpunt"],
                "standpunt_score": float(own[1]) if own else old["standpunt_score"],
                "standpunt_source": "model" if own else old["standpunt_source"], "updated_at": now}

    with store.engine.begin() as conn:
        gone = [*moved, *vanished]
        for start in range(0, len(gone), 900):
            conn.execute(delete(kernpunt_members).where(
                kernpunt_members.c.contribution_id.in_(gone[start:start + 900])))
        if moved:
            db.bulk_insert(conn, kernpunt_members, pd.DataFrame([member_row(c) for c in moved]))
        write_descriptions(conn, described, new_themes, now)
        store.bump_version(conn)
    return len(moved)


def write_descriptions(conn: Connection, described: dict[int, dict], new_themes: dict[int, str],
                       now: datetime) -> None:
    """Insert the new kernpunten, update the others' descriptions (a person's label stays)."""
    for k, d in described.items():
        if k in new_themes:
            conn.execute(insert(kernpunten).values(
                id=k, theme=new_themes[k], label=d["label"] or f"Kernpunt {k}", label_source="model",
                terms=d["terms"], representatives=d["representatives"], created_at=now, updated_at=now))
            continue
        conn.execute(update(kernpunten).where(kernpunten.c.id == k).values(
            terms=d["terms"], representatives=d["representatives"], updated_at=now))
        if d["label"]:
            conn.execute(update(kernpunten).where(
                (kernpunten.c.id == k) & (kernpunten.c.label_source == "model")).values(label=d["label"]))


def has_tables(store: Store) -> bool:
    return inspect(store.engine).has_table(kernpunten.name)
