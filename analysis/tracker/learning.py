"""The model learns from people: retrain with confirmed theme codes, and how well model and
people agree on the reviewed contributions (tracker stage).

Retraining adds every contribution a person coded (text, primary theme) to the labelled training
data with the weight of data/review.toml [retrain], keeps the model (analysis.enrich.theme_model
save_human_model) and scores the stored contributions again. Human codes still win on reading.
The standpunt classifier learns the same way from the standpunten people set on kernpunt members
(retrain_standpunt; weight in data/standpunt.toml [model]); their own standpunten stay.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select, update

from analysis.core import schema
from analysis.enrich import standpunt, taxonomy, theme_model
from analysis.enrich.themes import assign_themes
from analysis.store.store import Store
from analysis.store.tables import contributions, kernpunt_members
from analysis.tracker import review
from analysis.tracker.decisions import require_editor
from analysis.tracker.kernpunt_queries import members


def _model_columns(store: Store) -> pd.DataFrame:
    """The stored (model's) theme columns and texts, without the human codes applied."""
    cols = ["id", "text", "topic", "question", "theme", "themes", "theme_score"]
    with store.engine.connect() as conn:
        return pd.read_sql(select(*[contributions.c[c] for c in cols]), conn)


def coded(store: Store) -> pd.DataFrame:
    """Contributions a person coded: id, text, human (themes), primary, model_theme, model_themes."""
    codes = store.human_codes()
    if codes.empty:
        return pd.DataFrame(columns=["id", "text", "human", "primary", "model_theme", "model_themes"])
    model = _model_columns(store).set_index("id")
    codes = codes[codes["contribution_id"].isin(model.index)]
    rows = model.loc[codes["contribution_id"]]
    return pd.DataFrame({
        "id": codes["contribution_id"].to_numpy(), "text": rows["text"].to_numpy(),
        "human": codes["themes"].to_numpy(),
        "primary": codes["themes"].str.split(";").str[0].replace("", schema.UNCERTAIN_THEME).to_numpy(),
        "model_theme": rows["theme"].to_numpy(), "model_themes": rows["themes"].to_numpy()})


def agreement(store: Store) -> pd.DataFrame:
    """Per human primary theme: n reviewed contributions and the share where the model's primary
    theme was the same. Columns theme, n, agree (0..1); empty without human codes."""
    c = coded(store)
    if c.empty:
        return pd.DataFrame(columns=["theme", "n", "agree"])
    c = c.assign(hit=c["primary"] == c["model_theme"])
    out = c.groupby("primary")["hit"].agg(n="size", agree="mean").reset_index()
    order = {t: i for i, t in enumerate(taxonomy.theme_ids())}
    return out.rename(columns={"primary": "theme"}).sort_values(
        "theme", key=lambda s: s.map(lambda t: order.get(t, 99))).reset_index(drop=True)


def due(store: Store) -> bool:
    """True when at least every_n_codes human codes were added since the model was last retrained."""
    n = len(store.human_codes())
    return n - theme_model.human_model_codes() >= int(review.settings()["retrain"]["every_n_codes"])


def retrain(store: Store, role: str) -> dict:
    """Retrain with the human codes, keep the model and rescore the stored contributions.
    Returns n_codes and changed (contributions whose model theme changed)."""
    require_editor(store, role, "edit_theme_codes")
    c = coded(store)
    usable = c[c["primary"] != schema.UNCERTAIN_THEME]
    weight = float(review.settings()["retrain"]["weight"])
    model = theme_model.train(human=(usable["text"].fillna("").tolist(), usable["primary"].tolist(),
                                     weight))
    theme_model.save_human_model(model, len(c))
    stored = _model_columns(store)
    rescored = assign_themes(stored[["id", "text", "topic", "question"]])
    changed = int((rescored["theme"].astype(str).to_numpy() != stored["theme"].astype(str).to_numpy()).sum())
    store.update_derived(rescored[["id", "theme", "themes", "theme_score"]])
    return {"n_codes": len(c), "changed": changed}


def retrain_standpunt(store: Store, role: str) -> dict:
    """Retrain the standpunt classifier with the standpunten people set, keep it, and classify the
    members whose standpunt is the model's again. Returns n_codes and changed."""
    require_editor(store, role, "edit_kernpunten")
    m = members(store)
    human = m[m["standpunt_source"] == "mens"]
    model = standpunt.train(human=(human["text"].fillna("").astype(str).tolist(),
                                   human["section"].astype(str).tolist(), human["standpunt"].tolist()))
    standpunt.save_human_model(model, len(human))
    rest = m[m["standpunt_source"] != "mens"]
    labels, scores = model.predict(rest["text"].fillna("").astype(str).tolist(),
                                   rest["section"].astype(str).tolist())
    changed = rest.assign(new=labels, score=scores)
    changed = changed[changed["new"] != changed["standpunt"]]
    with store.engine.begin() as conn:
        for cid, new, score in zip(changed["contribution_id"], changed["new"], changed["score"]):
            conn.execute(update(kernpunt_members).where(kernpunt_members.c.contribution_id == cid)
                         .values(standpunt=new, standpunt_score=float(score)))
        store.bump_version(conn)
    return {"n_codes": len(human), "changed": len(changed)}
