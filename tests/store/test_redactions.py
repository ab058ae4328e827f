"""An editor's redaction checks take effect at once on the public table and survive
`redact --refresh` and re-imports; every change is kept (append-only)."""
from __future__ import annotations

from factories import make_doc, put, run_analysis

from analysis.store import public_texts, redactions
from analysis.views import public

TEXTS = ["Bij de kerk ruikt het naar de oude zuivelfabriek, de boerderij van mijn buren.",
         "Mail mij op anna.bakker@example.nl over de stank bij de school.",
         "Dit wil ik liever niet openbaar: de fabriek van mijn werkgever loost 's nachts."]


def _setup(store):
    put(store, make_doc("brieven.txt", TEXTS))
    public_texts.refresh(store)
    return store.load_contributions().set_index("text")["id"]


def _public_texts(store) -> list[str]:
    return public.public_contributions(store)["text"].tolist()


def test_manual_redaction_release_and_hide_take_effect_and_survive_refresh(store):
    ids = _setup(store)
    first, second, third = (ids[t] for t in TEXTS)
    assert any("oude zuivelfabriek" in t for t in _public_texts(store))
    edit = public_texts.record_edit(store, first, "toevoegen", "Anna", "editor",
                                    phrase="Oude Zuivelfabriek", reason="naam van een boerderij")
    shown = _public_texts(store)
    assert not any("oude zuivelfabriek" in t for t in shown)
    assert any("ruikt het naar de [verwijderd], de boerderij" in t for t in shown)
    # an automatic redaction released: the e-mail is shown again (a wrong call, made visible)
    public_texts.record_edit(store, second, "vrijgeven", "Anna", "editor", phrase="anna.bakker@example.nl")
    assert any("anna.bakker@example.nl" in t for t in _public_texts(store))
    public_texts.record_edit(store, third, "niet_publiceren", "Anna", "editor", reason="op verzoek")
    assert not any("werkgever" in t for t in _public_texts(store))
    assert len(public.public_contributions(store)) == 2

    done = run_analysis("redact", "--refresh", database_url=store.url)
    assert done.returncode == 0, done.stderr
    shown = _public_texts(store)
    assert not any("oude zuivelfabriek" in t for t in shown)
    assert any("anna.bakker@example.nl" in t for t in shown) and len(shown) == 2

    public_texts.record_edit(store, first, "ongedaan", "Bram", "editor", undoes=edit)
    public_texts.record_edit(store, third, "wel_publiceren", "Bram", "editor")
    shown = _public_texts(store)
    assert any("oude zuivelfabriek" in t for t in shown) and len(shown) == 3
    with store.engine.connect() as conn:
        log = redactions.edits(conn)
    assert log["action"].tolist() == ["toevoegen", "vrijgeven", "niet_publiceren", "ongedaan",
                                      "wel_publiceren"]
    assert set(log["actor"]) == {"Anna", "Bram"}


def test_ingest_refreshes_public_texts_when_the_rules_changed(store):
    ids = _setup(store)
    public_texts.record_edit(store, ids[TEXTS[0]], "toevoegen", "Anna", "editor", phrase="zuivelfabriek")
    assert not public_texts.needs_refresh(store)
    with store.engine.begin() as conn:  # as if privacy.toml or Deduce changed since
        from sqlalchemy import update

        from analysis.store.tables import public_texts as table
        from analysis.store.tables import store_meta
        conn.execute(update(store_meta).where(store_meta.c.key == public_texts.FINGERPRINT_KEY)
                     .values(value="oud"))
        conn.execute(update(table).values(text="ONGEFILTERD"))
    assert public_texts.needs_refresh(store)
    from analysis.ingest.pipeline import store_parsed

    store_parsed(store, [make_doc("nog-een.txt", ["Meer bomen in de wijk."])])
    assert not public_texts.needs_refresh(store)
    shown = _public_texts(store)
    assert "ONGEFILTERD" not in shown and not any("zuivelfabriek" in t for t in shown)
