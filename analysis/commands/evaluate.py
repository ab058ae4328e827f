"""`evaluate [--json]`: quality of theme assignment and discovery against the labelled data (command line stage)."""
from __future__ import annotations

import argparse
import json

from analysis.core import dutch, files
from analysis.devtools.generator import planted_recall
from analysis.enrich.evaluation import RESULTS, evaluate
from analysis.tracker.evaluation import section_accuracy

HELP = ("Kwaliteit van thema-toekenning, ontdekking en koppelvoorstellen meten op gelabelde data "
        "(schrijft data/evaluation.json).")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.add_argument("--respondents", type=int, default=300,
                   help="respondenten in de leercurve-simulatie (fictieve raadpleging; 0 = overslaan)")


def _with_learning_curve(r: dict, respondents: int) -> dict:
    """Adds the simulation of people correcting themes (analysis.devtools.learning_curve)."""
    if respondents > 0:
        from analysis.devtools.learning_curve import learning_curve

        r["learning_curve"] = learning_curve(respondents)
        files.write_text_atomically(json.dumps(r, indent=2, ensure_ascii=False), RESULTS)
    return r


def run(args: argparse.Namespace) -> int:
    extra = {"deidentify_planted": planted_recall(), "tracker_sections": section_accuracy()}
    r = _with_learning_curve(evaluate(write=True, extra=extra), args.respondents)
    if args.json:
        print(json.dumps(r, indent=2, ensure_ascii=False))
        return 0
    ctx, cv, held, disc = (r["werksessie_context"], r["werksessie_text_only_cv"],
                           r["heldout_text_only"], r["discovery_vs_onderwerp"])
    print(f"NLP-pijplijn: {r['pipeline']}")
    print(f"Werksessie, met onderwerp als context: macro-F1 {ctx['macro_f1']:.3f}, "
          f"juist {ctx['accuracy']:.1%} (n={ctx['n']})")
    print(f"Werksessie, alleen tekst (5-voudige kruisvalidatie): macro-F1 {cv['macro_f1']:.3f}, "
          f"juist {cv['accuracy']:.1%}, onzeker {cv['uncertain']} (n={cv['n']})")
    dev = r["dev_text_only"]
    print(f"Ontwikkelzinnen (dev, om af te stellen), alleen tekst: hoofdthema juist "
          f"{dev['primary_in_gold']:.1%}, onzeker {dev['uncertain']} (n={dev['n']}), "
          f"niet-relevant onzeker {dev.get('off_topic_uncertain', '-')}")
    for register, share in dev["by_register"].items():
        print(f"  {register}: {share:.1%}")
    print(f"Niet-geziene zinnen, alleen tekst: hoofdthema juist {held['primary_in_gold']:.1%}, "
          f"onzeker {held['uncertain']} (n={held['n']})")
    for source, share in held["by_source"].items():
        print(f"  {source}: {share:.1%}")
    for prefix, how in (("", "vast"), ("auto_", "zelf gekozen")):
        print(f"Ontdekking vs onderwerpen (k={disc[prefix + 'k']}, {how}): NMI {disc[prefix + 'nmi']:.3f}, "
              f"ARI {disc[prefix + 'ari']:.3f}, NMI met 'geen onderwerp' {disc[prefix + 'nmi_all']:.3f}, "
              f"samenhang (NPMI) {disc[prefix + 'npmi']:.3f}, geen onderwerp {disc[prefix + 'no_topic']} "
              f"(n={disc['n']})")
    _print_standpunt(r["standpunt_heldout"])
    curve = r.get("learning_curve")
    if curve:
        print(f"Leercurve (fictieve raadpleging, {curve['n']} antwoorden, alleen tekst): "
              f"zonder correcties {dutch.percent(curve['baseline'])} juist")
        for row in curve["rows"]:
            print(f"  {dutch.percent(row['fraction'], 0)} gecorrigeerd ({row['strategy']}, "
                  f"{row['corrected']}): rest {dutch.percent(row['accuracy'])} juist "
                  f"(zonder correcties {dutch.percent(row['baseline_rest'])})")
    _print_deidentify(r["deidentify"], r["deidentify_planted"])
    _print_sections(r["tracker_sections"])
    print(f"-> {RESULTS.name}")
    return 0


def _print_standpunt(s: dict) -> None:
    from analysis.enrich.standpunt import label

    print(f"Standpunt, niet-geziene zinnen: juist {dutch.percent(s['accuracy'])}, macro-F1 "
          f"{dutch.decimal(s['macro_f1'])} (n={s['n']})")
    print("  F1 per standpunt: " + ", ".join(f"{label(k)} {dutch.decimal(v)}" for k, v in s["f1"].items()))
    print("  per register: " + ", ".join(f"{k} {dutch.percent(v)}" for k, v in s["by_register"].items()))


def _print_deidentify(d: dict, planted: dict) -> None:
    engines = list(d["personal"]["recall"])
    print(f"Persoonsgegevens ({d['engine']}; {d['texts'].get('persoonsgegevens', 0)} teksten): "
          f"gevonden {dutch.decimal(d['personal']['recall_total'][engines[0]])} "
          f"(per bron: {', '.join(f'{e} {dutch.decimal(v)}' for e, v in d['personal']['recall_total'].items())})")
    for kind, n in d["personal"]["n"].items():
        shares = ", ".join(f"{e} {dutch.decimal(d['personal']['recall'][e][kind])}" for e in engines)
        print(f"  {kind} (n={n}): {shares}")
    print(f"Publieke namen behouden ({d['texts'].get('publieke_namen', 0)} teksten): "
          f"{dutch.decimal(d['public']['kept_total'][engines[0]])}")
    for kind, n in d["public"]["n"].items():
        shares = ", ".join(f"{e} {dutch.decimal(d['public']['kept'][e][kind])}" for e in engines)
        print(f"  {kind} (n={n}): {shares}")
    for line in d["missed"]:
        print(f"  gemist: {line}")
    print(f"Geplante persoonsgegevens van de generator: {dutch.decimal(planted['recall'])} "
          f"volledig verwijderd (n={planted['n']})")


def _print_sections(s: dict) -> None:
    """Top-1/top-3 of the link proposals on data/labelled/sections.csv, tuned-on and held-out apart."""
    for split, name in (("dev", "ontwikkelset (om af te stellen)"), ("heldout", "achtergehouden")):
        f = s[split]
        print(f"Koppelvoorstellen naar conceptversie 4, {name}: beste voorstel juist "
              f"{dutch.percent(f['top1'])}, juiste sectie bij de eerste drie {dutch.percent(f['top3'])}, "
              f"beste voorstel is de eerstgenoemde sectie {dutch.percent(f['top1_first'])} (n={f['n']})")
