"""Near-duplicates: exact after normalisation, near-identical, campaign answers, stored rows first."""
from __future__ import annotations

import pandas as pd

from analysis.devtools.generator import generate_with_truth
from analysis.enrich.near_duplicates import mark_duplicates
from analysis.harvest.raadpleging import parse_table


def frame(texts, prefix="n", document="doc.csv") -> pd.DataFrame:
    return pd.DataFrame({"id": [f"{prefix}{i}" for i in range(len(texts))], "document": document,
                         "position": range(len(texts)), "text": texts})


LONG = ("Ik maak me grote zorgen over de luchtkwaliteit in onze wijk vlak bij de snelweg, "
        "de overheid moet de uitstoot van het verkeer en de industrie veel strenger beperken.")


def test_exact_after_normalisation_points_to_the_first():
    df = frame(["Meer bomen in de stad!", "meer bomen  in de STAD", "Iets anders"])
    assert mark_duplicates(df, None).tolist() == [pd.NA, "n0", pd.NA]


def test_near_identical_text_is_a_duplicate():
    near = LONG.replace("grote zorgen", "flinke zorgen").replace("veel strenger", "strenger")
    out = mark_duplicates(frame([LONG, near]), None)
    assert out.tolist() == [pd.NA, "n0"]


def test_unrelated_texts_are_not_duplicates():
    texts = [LONG, "Stop met subsidies voor fossiele brandstoffen en belast vliegtickets.",
             "Betrek inwoners bij de plannen voor hun buurt.", "Herstel de natuur langs de rivieren."]
    assert mark_duplicates(frame(texts), None).isna().all()


def test_stored_rows_come_first_and_index_is_aligned():
    existing = frame([LONG], prefix="old", document="a.csv")
    new = frame(["Iets nieuws over bodem en water.", LONG], document="b.csv").set_index(pd.Index([7, 3]))
    out = mark_duplicates(new, existing)
    assert list(out.index) == [7, 3]
    assert out.loc[3] == "old0" and pd.isna(out.loc[7])


def test_campaign_answers_in_a_consultation_are_caught():
    wide, truth = generate_with_truth(600, seed=3)
    contributions = parse_table(wide, "fictief.csv", [], None, "csv").contributions
    out = mark_duplicates(contributions, None)
    kinds = contributions.merge(truth, on=["respondent_id", "question"], how="left")["kind"]
    campaign = (kinds == "campagne").to_numpy()
    assert campaign.sum() > 10
    firsts = contributions.loc[campaign, "text"].map(lambda t: " ".join(t.lower().split())).nunique()
    # every campaign answer except the first of each campaign text points to an earlier one
    assert out[campaign].notna().sum() >= campaign.sum() - firsts



def test_groups_equal_checking_every_candidate_pair_one_by_one_on_the_generators_campaigns():
    """The vectorised stage finds the partition a plain loop over the same MinHash candidates finds."""
    import itertools

    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfTransformer

    from analysis.enrich import near_duplicates as nd
    from analysis.enrich import nlp

    wide, _ = generate_with_truth(1500, seed=11)
    texts = parse_table(wide, "fictief.csv", [], None, "csv").contributions["text"].tolist()
    distinct = list(dict.fromkeys(k for k in map(nlp.normalise, texts) if k))
    cfg = nd.config()
    sig, keys = nd._minhash([t.split() for t in distinct], int(cfg["minhash_bands"]), int(cfg["minhash_rows"]))
    buckets: dict[tuple[int, int], list[int]] = {}
    for text, row in enumerate(keys.tolist()):
        for band, key in enumerate(row):
            buckets.setdefault((band, key), []).append(text)
    candidates = {(i, j) for bucket in buckets.values() for i, j in itertools.combinations(bucket, 2)
                  if (sig[:, i] == sig[:, j]).mean() >= nd._MIN_JACCARD}
    members = sorted({m for pair in candidates for m in pair})  # TF-IDF weights of the compared texts
    at = {m: k for k, m in enumerate(members)}
    x = TfidfTransformer(sublinear_tf=True).fit_transform(nlp.char_ngram_counts([distinct[m].split() for m in members]))
    edges = {(i, j) for i, j in candidates if x[at[i]].multiply(x[at[j]]).sum() >= cfg["min_cosine"]}
    i, j = zip(*edges)
    expected = connected_components(sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(len(distinct),) * 2),
                                    directed=False)[1]
    found = nd.near_groups(distinct, float(cfg["min_cosine"]))
    assert len(set(zip(expected, found))) == len(set(expected)) == len(set(found))  # the same partition
    assert len(set(found)) < len(distinct) - 100  # with groups to speak of


def test_an_import_into_a_filled_store_uses_the_stored_groups():
    """With the stored duplicate_of, pairs of two stored texts are not compared again; the new rows
    found to be duplicates are the same as when everything is compared."""
    wide, _ = generate_with_truth(1500, seed=11)
    rows = parse_table(wide, "f.csv", [], None, "csv").contributions
    old, new = rows.iloc[:3000].copy(), rows.iloc[3000:].assign(document="g.csv")
    everything = mark_duplicates(new, old)
    old["duplicate_of"] = mark_duplicates(old, None)
    incremental = mark_duplicates(new, old)
    assert incremental.notna().equals(everything.notna()) and incremental.notna().sum() > 100
    same = (incremental.fillna("-") == everything.fillna("-")).mean()
    assert same > 0.97  # the rest point into the same stored group through another member
    assert set(incremental.dropna()) <= set(old["id"]) | set(new["id"])


def test_rows_of_another_event_are_never_duplicates():
    """A later session repeating an earlier advice reacts to it; within one event it is a copy."""
    df = frame(["Houd rekening met cumulatie bij normering.", "Houd rekening met cumulatie bij normering.",
                LONG, LONG.replace("grote zorgen", "flinke zorgen"), "Houd rekening met cumulatie bij normering."])
    df["event"] = ["juni", "november", "juni", "november", "juni"]
    assert mark_duplicates(df, None).tolist() == [pd.NA, pd.NA, pd.NA, pd.NA, "n0"]


def test_a_stored_pointer_into_another_event_does_not_carry_a_group_across():
    """A store grouped before the rule: its November row points to June; a new November copy
    points to the November row, not through it to June."""
    existing = frame(["Voorkom woningen in hoog belastte gebieden."] * 2, prefix="old", document="a.txt")
    existing["event"] = ["juni", "november"]
    existing["duplicate_of"] = pd.array([pd.NA, "old0"], dtype="string")
    new = frame(["Voorkom woningen in hoog belastte gebieden."], document="b.txt").assign(event="november")
    assert mark_duplicates(new, existing).tolist() == ["old1"]


def test_a_campaign_over_several_weekly_exports_of_one_consultation_stays_one_group():
    """Each week's file of one consultation has the same event: a campaign text has one original."""
    wide, truth = generate_with_truth(900, seed=5)
    weeks = [parse_table(part, f"week-{k}.csv", [], None, "csv").contributions.assign(event="Milieuraadpleging")
             for k, part in enumerate((wide.iloc[:300], wide.iloc[300:600], wide.iloc[600:]))]
    rows = pd.concat(weeks, ignore_index=True)
    rows["duplicate_of"] = mark_duplicates(rows, None)
    kinds = rows.merge(truth, on=["respondent_id", "question"], how="left")["kind"]
    campaign = rows[(kinds == "campagne").to_numpy()]
    root = campaign["duplicate_of"].fillna(campaign["id"])
    exact = campaign["text"].map(lambda t: " ".join(t.lower().split()))
    per_text = root.groupby(exact.to_numpy()).nunique()
    assert len(per_text) >= 2 and len(campaign) > 3 * len(per_text)
    assert (per_text == 1).all()  # every copy of a campaign text, in every week, in one group
    assert (campaign.groupby(root.to_numpy())["document"].nunique() == 3).any()
