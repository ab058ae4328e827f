"""Discovery clusters stay put across imports: new rows join the existing topics; a refit is explicit."""
from __future__ import annotations

from factories import run_analysis
from sqlalchemy import select

from analysis.devtools.generator import generate_raadpleging
from analysis.enrich import nlp
from analysis.harvest.raadpleging import parse_table
from analysis.ingest.pipeline import store_parsed
from analysis.store import clusters
from analysis.store.store import Store
from analysis.store.tables import discovery_topics


def consultation(name: str, respondents: int, seed: int):
    return parse_table(generate_raadpleging(respondents, seed=seed), name, [], None, "csv")


def test_a_small_import_keeps_every_cluster_number_and_name(store):
    store_parsed(store, [consultation("eerste.csv", 120, seed=1)])
    before = store.load_contributions(["id", "cluster"]).set_index("id")["cluster"]
    names_before = clusters.names(store)
    assert before.notna().all() and len(names_before) >= 2

    store_parsed(store, [consultation("tweede.csv", 20, seed=2)])
    after = store.load_contributions(["id", "document", "cluster"]).set_index("id")
    assert after.loc[before.index, "cluster"].equals(before)  # not one existing row moved
    assert clusters.names(store) == names_before
    new = after[after["document"] == "tweede.csv"]
    assert len(new) > 20 and new["cluster"].notna().all()
    assert set(new["cluster"].astype(int)) <= set(names_before)
    with store.engine.connect() as conn:  # the topic sizes count the new rows too
        sizes = dict(conn.execute(select(discovery_topics.c.cluster, discovery_topics.c.size)).all())
    assert sum(sizes.values()) == len(after)


def test_nearest_topic_of_a_text_follows_its_words(store):
    store_parsed(store, [consultation("eerste.csv", 120, seed=1)])
    model = clusters.stored_model(store)
    df = store.load_contributions(["text", "cluster"])
    again = model.assign(nlp.lemma_strings(df["text"].tolist()))
    # the stored vocabulary and components put most rows where the fit put them (the fit itself
    # labels its sample by NMF weights, the rest of a large store by these components)
    assert (again == df["cluster"].astype(int).to_numpy()).mean() > 0.6
    assert model.assign(["", "lucht"])[0] == -1


def test_a_small_import_puts_texts_without_a_distinctive_word_under_geen_onderwerp(store):
    """As the full fit does: a text of stop words only, or of words the fitted topics never saw,
    gets no cluster ("geen onderwerp"), not topic 0; a text with the topics' words gets one."""
    from factories import make_doc

    from analysis.enrich.discover import NO_TOPIC

    store_parsed(store, [consultation("eerste.csv", 120, seed=1)])
    model = clusters.stored_model(store)
    loose = ["Goed, prima, echt heel goed!", "xyzzy plugh quux"]
    assert list(model.assign(nlp.lemma_strings(loose))) == [NO_TOPIC, NO_TOPIC]
    known = store.load_contributions(["text", "cluster"]).dropna(subset=["cluster"])["text"].iloc[0]
    store_parsed(store, [make_doc("klein.txt", [*loose, known])])
    new = store.load_contributions(["document", "text", "cluster"]).query("document == 'klein.txt'")
    assert new.set_index("text")["cluster"].isna().to_dict() == {loose[0]: True, loose[1]: True, known: False}


def test_refit_command_says_how_long_and_refits(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = Store(url=url)
    store_parsed(store, [consultation("eerste.csv", 80, seed=4)])
    fitted = clusters.status(store)
    assert fitted.fitted_rows > 0 and fitted.estimate_seconds >= 1
    result = run_analysis("refit", database_url=url)
    assert result.returncode == 0, result.stderr
    assert "duurt ongeveer" in result.stdout and "onderwerpen in" in result.stdout
    empty = run_analysis("refit", database_url=f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    assert empty.returncode != 0 and len(empty.stderr.strip().splitlines()) == 1
