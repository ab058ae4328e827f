"""The redaction check does exactly what it says: identical texts are one entry and masked
together (or one by one), an undo undoes exactly the masking shown and writes history, a search
finds every text, and an entry is named without the personal data it holds. Checked through the
public read model (analysis.views.public), as the public page and export read it."""
from __future__ import annotations

import pytest
from factories import make_doc, put

from analysis.core.errors import InputError
from analysis.store import public_texts, redactions
from analysis.views import public
from analysis.views import redaction_actions as ra
from analysis.views import redaction_view as rv

SAME = "Wij van buurtgroep Kiekendief vinden de stank bij de fabriek niet te harden."
LOOK_ALIKE = "Wij van buurtgroep Kiekendief vinden de stank bij de haven niet te harden."
NAME = "Ik sprak met Marieke over het geluid van de snelweg."


@pytest.fixture
def checked(store):
    put(store, make_doc("sessie-a.txt", [SAME, NAME]), make_doc("sessie-b.txt", [SAME, SAME, LOOK_ALIKE]))
    public_texts.refresh(store)
    return store


def _public(store) -> dict[str, str]:
    """Contribution id -> the text the public read model gives (public_frame: the rows of
    public_contributions, with their ids)."""
    shown = public.public_frame(store)
    return dict(zip(shown["id"], shown["text"]))


def _ids(store, text: str) -> list[str]:
    df = store.load_contributions(["id", "text"])
    return df.loc[df["text"] == text, "id"].tolist()


def _actions(store) -> list[tuple[str, str, str]]:
    with store.engine.connect() as conn:
        log = redactions.edits(conn)
    return list(zip(log["contribution_id"], log["action"], log["phrase"]))


def test_identical_texts_are_one_entry_and_masked_together(checked):
    df = rv.overview_all(checked)
    entries = rv.narrow(df, suspect_only=True)
    assert sorted(entries["n_same"]) == [1, 3]  # the group once, the look-alike apart
    assert entries["label"].is_unique and entries["label"].str.contains("3 identieke bijdragen").any()
    group = entries.loc[entries["n_same"] == 3, "group"].iloc[0]
    members = rv.members(df, group)
    assert sorted(members) == sorted(_ids(checked, SAME)) and len(set(members.values())) == 3

    said = ra.add_redaction(checked, df, list(members), "Kiekendief", "naam van een buurtgroep", "Anna", "editor")
    assert "Kiekendief" in said and "3 identieke bijdragen" in said
    shown = _public(checked)
    assert all("Kiekendief" not in shown[i] and "[verwijderd]" in shown[i] for i in members)
    assert "Kiekendief" in shown[_ids(checked, LOOK_ALIKE)[0]]  # not a look-alike
    table = public.public_contributions(checked)["text"]
    assert table.str.contains("Kiekendief").sum() == 1 and table.str.contains("fabriek").sum() == 3
    assert {(i, "toevoegen") for i in members} == {(c, a) for c, a, _ in _actions(checked)}
    log = rv.history(checked, members)
    assert sorted(log["Bijdrage"]) == sorted(members.values()) and set(log["Wie"]) == {"Anna"}


def test_one_of_identical_texts_alone(checked):
    df = rv.overview_all(checked)
    one, *others = _ids(checked, SAME)
    said = ra.add_redaction(checked, df, [one], "Kiekendief", "", "Anna", "editor")
    assert "identieke" not in said and rv.members(df, df.loc[df["id"] == one, "group"].iloc[0])[one] in said
    shown = _public(checked)
    assert "Kiekendief" not in shown[one] and all("Kiekendief" in shown[i] for i in others)


def test_undo_restores_exactly_what_was_masked_and_writes_history(checked):
    df = rv.overview_all(checked)
    ids = _ids(checked, SAME)
    ra.add_redaction(checked, df, ids, "Kiekendief", "", "Anna", "editor")
    key = rv.detail(checked, ids[0])["redactions"].set_index("Afgeschermd").loc["Kiekendief", "_key"]
    assert key == rv.undo_key(True, "Kiekendief")
    # undo for one of them: only that one shows the name again
    said = ra.undo_redaction(checked, df, [ids[1]], key, "Bram", "editor")
    assert said.startswith("Afscherming van “Kiekendief” ongedaan gemaakt") and "identieke" not in said
    shown = _public(checked)
    assert "Kiekendief" in shown[ids[1]] and "Kiekendief" not in shown[ids[0]] + shown[ids[2]]
    # then for the group: the two that still carry it
    said = ra.undo_redaction(checked, df, ids, key, "Bram", "editor")
    assert "2 identieke bijdragen" in said
    assert all("Kiekendief" in _public(checked)[i] for i in ids)
    undone = [(c, p) for c, a, p in _actions(checked) if a == "ongedaan"]
    assert sorted(undone) == sorted((i, "Kiekendief") for i in ids)
    assert (rv.history(checked, dict.fromkeys(ids, "x"))["Wat"] == "afscherming ongedaan gemaakt").sum() == 3
    # nothing left to undo: said so, nothing written
    with pytest.raises(InputError, match="niets ongedaan"):
        ra.undo_redaction(checked, df, ids, key, "Bram", "editor")
    assert len(_actions(checked)) == 6


def test_an_automatic_masking_is_released_for_exactly_that_text(checked):
    df = rv.overview_all(checked)
    [named] = _ids(checked, NAME)
    assert "Marieke" not in _public(checked)[named]
    said = ra.undo_redaction(checked, df, [named], rv.undo_key(False, "Marieke"), "Anna", "editor")
    assert "vrijgegeven" in said and "Marieke" in said
    assert "Marieke" in _public(checked)[named]
    assert _actions(checked) == [(named, "vrijgeven", "Marieke")]


def test_a_part_of_a_word_is_refused(checked):
    df = rv.overview_all(checked)
    with pytest.raises(InputError, match="hele woorden"):
        ra.add_redaction(checked, df, _ids(checked, SAME), "iekend", "", "Anna", "editor")
    assert _actions(checked) == []


def test_search_finds_a_name_with_the_filter_on(checked):
    df = rv.overview_all(checked)
    assert NAME not in set(rv.narrow(df, suspect_only=True)["text"])  # the name was masked: not suspect
    found = rv.narrow(df, suspect_only=True, words="marieke")
    assert found["text"].tolist() == [NAME]


def test_entries_are_named_by_the_public_text(checked):
    df = rv.overview_all(checked)
    [named] = _ids(checked, NAME)
    label = df.set_index("id").loc[named, "label"]
    assert label.startswith("sessie-a.txt, bijdrage 1: “Ik sprak met [naam]") and "Marieke" not in label
