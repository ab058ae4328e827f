"""Page data of Verkennen: discovery topics, the 2-D map, one topic's contributions, and the
contributions without a theme, counted as they are downloaded (views stage)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core import schema
from analysis.views.frame import theme_label

NO_TOPIC_NAME = "geen onderwerp"


@dataclass
class Exploration:
    """Topics and map for the Verkennen page, computed on a fixed sample of contributions."""

    k: int
    topics: pd.DataFrame  # Onderwerp, Kernwoorden, Bijdragen (in the sample), Voorbeeld
    points: pd.DataFrame  # x, y, Onderwerp, Thema, Bijdrage
    sampled: int
    total: int
    rows: pd.DataFrame | None = None     # the (sampled) contributions the topics were found in
    labels: pd.Series | None = None      # topic name per row of `rows` ("geen onderwerp" too)

    def no_topic(self) -> int:
        """Contributions with text but no distinctive word: "geen onderwerp"."""
        return int((self.labels == NO_TOPIC_NAME).sum()) if self.labels is not None else 0

    def topic_names(self) -> list[str]:
        """The topics by size, then "geen onderwerp" when there are such rows."""
        names = self.topics["Onderwerp"].tolist()
        return names + ([NO_TOPIC_NAME] if self.no_topic() else [])

    def members(self, name: str) -> pd.DataFrame:
        """The contributions of one topic (or of "geen onderwerp"), strongest first as found."""
        if self.rows is None or self.labels is None:
            return pd.DataFrame()
        return self.rows[self.labels.to_numpy() == name]


def explore(df: pd.DataFrame, k: int, sample: int) -> Exploration:
    """Discovery topics (analysis.enrich.discover) on at most `sample` contributions, fixed seed.

    A sample keeps the page at about two seconds on 100,000 answers; the map shows
    the same rows, so table and map agree.
    """
    from analysis.enrich import discover

    rows = df if len(df) <= sample else df.sample(sample, random_state=0)
    rows = rows.reset_index(drop=True)
    found = discover.discover(rows["text"].fillna(""), k=k)
    names = {int(r.topic): f"{int(r.topic) + 1}: {r.name}" for r in found.topics.itertuples()}
    topics = pd.DataFrame({
        "Onderwerp": [names[int(t)] for t in found.topics["topic"]],
        "Kernwoorden": [", ".join(terms) for terms in found.topics["terms"]],
        "Bijdragen": found.topics["size"].astype(int).to_numpy(),
        "Voorbeeld": [ex[0] if len(ex) else "" for ex in found.topics["examples"]],
    }).sort_values("Bijdragen", ascending=False, kind="stable").reset_index(drop=True)
    picked = rows.iloc[found.projection["row"].to_numpy()]
    points = pd.DataFrame({
        "x": found.projection["x"].to_numpy(), "y": found.projection["y"].to_numpy(),
        "Onderwerp": found.projection["topic"].map(lambda t: names.get(int(t), NO_TOPIC_NAME)).to_numpy(),
        "Thema": picked["theme"].fillna(schema.UNCERTAIN_THEME).map(theme_label).to_numpy(),
        "Bijdrage": picked["text"].str.slice(0, 120).to_numpy(),
    })
    with_text = rows["text"].fillna("").str.strip().ne("").to_numpy()
    labels = pd.Series([names.get(int(t), NO_TOPIC_NAME) for t in found.labels], index=rows.index)
    return Exploration(found.k, topics, points, len(rows), len(df), rows[with_text], labels[with_text])


def without_theme(df: pd.DataFrame) -> pd.DataFrame:
    """Every contribution that fits no fixed theme well (analysis.enrich.discover: 'onzeker' or a
    theme score below new_theme_below), weakest first: the count the page says is the download."""
    from analysis.enrich import discover

    return discover.new_theme_candidates(df, limit=None)


def without_theme_sentence(loose: pd.DataFrame) -> str:
    """How many fit no theme, split in 'no theme at all' and 'a weak theme'."""
    from analysis.core import dutch
    from analysis.enrich import discover

    uncertain = int(loose["theme"].eq(schema.UNCERTAIN_THEME).fillna(True).sum())
    below = dutch.decimal(float(discover.config()["new_theme_below"]))
    return (f"**{dutch.number(len(loose))}** bijdragen passen bij geen vast thema: "
            f"{dutch.number(uncertain)} kregen geen thema (onzeker) en {dutch.number(len(loose) - uncertain)} "
            f"hebben alleen een zwak thema (zekerheid onder {below}). Dat zijn kandidaten voor een nieuw "
            "thema; de zwakste staan bovenaan, de download bevat ze allemaal.")



def refit_note(store) -> str:
    """What a full refit of the stored topics would do, and how long it takes (Dutch, one sentence)."""
    from analysis.core import dutch
    from analysis.store import clusters

    s = clusters.status(store)
    basis = (f"De opgeslagen onderwerpen zijn berekend op {dutch.number(s.fitted_rows)} bijdragen; "
             f"nu zijn er {dutch.number(s.rows)}. " if s.fitted_rows else "")
    return (basis + "Nieuwe bijdragen worden bij de bestaande onderwerpen ingedeeld. Opnieuw berekenen "
            f"duurt ongeveer {dutch.decimal(s.estimate_seconds, 0)} seconden en kan nummers en namen "
            "van de onderwerpen veranderen.")


def refit_clusters(store, role: str) -> int:
    """Fit the stored topics again over every contribution (editors only); returns their number."""
    from analysis.access import roles
    from analysis.store import clusters

    roles.require(role, "import_data")
    return clusters.refresh(store)
