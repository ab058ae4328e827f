"""Every kernpunt decided, as a programme team that has finished would have it: the nota van
antwoord per kernpunt needs a store where each kernpunt has its decision.

Import as `from kernpunt_nota import decide_all` (pytest puts tests/ on sys.path).
"""
from __future__ import annotations

from analysis.store.store import Store
from analysis.tracker import kernpunt_decisions, kernpunt_queries, queries
from analysis.tracker.decisions import Decision

ACTOR = "redacteur@minienw.example"


def decide_all(store: Store, version: str = "v4", note: str = "", published: bool = True) -> int:
    """Decide every kernpunt through kernpunt_decisions.decide: 'verwerkt' in its members' most
    common proposed section, else 'al_in_beleid'; explanations empty, so the templates show.
    Returns the number of kernpunten decided."""
    links = queries.tracker_table(store, version).set_index("id")["best_link"]
    members = kernpunt_queries.members(store)
    done = 0
    for kp, part in members.groupby("kernpunt_id"):
        best = links.reindex(part["contribution_id"]).dropna()
        decision = (Decision("verwerkt", str(best.mode().iloc[0]), "", note, published) if len(best)
                    else Decision("al_in_beleid", None, "", note, published))
        kernpunt_decisions.decide(store, version, int(kp), decision, 0, ACTOR, "editor")
        done += 1
    return done
