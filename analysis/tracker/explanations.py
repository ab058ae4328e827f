"""Public explanation templates per status, reasons and organisations (tracker stage).

One reading of data/explanations.toml for the workbench (which prefills the explanation) and
the public read model (which shows the template where a published decision has no
explanation of its own), so both say the same.
"""
from __future__ import annotations

from analysis.core import config


def _cfg() -> dict:
    return config.data_toml("explanations.toml")


def reasons() -> list[dict]:
    """Why a suggestion is not in the programme: label and sentence."""
    return list(_cfg().get("reasons", []))


def referrals() -> list[dict]:
    """Where a suggestion can be sent: label and name."""
    return list(_cfg().get("referrals", []))


def _template(status: str | None, section: str | None = None) -> str:
    cfg = _cfg()
    return str(cfg.get("sections", {}).get(section or "", {}).get(status)
               or cfg["statuses"].get(status or "", ""))


def fill(status: str | None, section: str | None, section_name: str | None, version_name: str,
         reason: str | None = None, referral: str | None = None) -> str:
    """The template of this status (and section) filled in; reason and referral are labels from
    reasons() and referrals(). A template that needs one stays empty without it, so nothing vague
    is written for the person."""
    if not status:
        return ""
    template = _template(status, section)
    why = next((r["sentence"] for r in reasons() if r["label"] == reason), None)
    to = next((r["name"] for r in referrals() if r["label"] == referral), None)
    if ("{reden}" in template and not why) or ("{organisatie}" in template and not to):
        return ""
    return template.format(sectie=section_name or "het programma", versie=version_name,
                           reden=why or "", organisatie=to or "")


def asks_reason(status: str | None) -> bool:
    """Whether this status's explanation is built from a reason (niet verwerkt)."""
    return "{reden}" in _template(status)


def asks_referral(status: str | None) -> bool:
    """Whether this status's explanation names the organisation it was sent to (doorverwezen)."""
    return "{organisatie}" in _template(status)


def or_template(text: object, status: str | None, section: str | None, section_name: str | None,
                version_name: str) -> str:
    """A decision's public explanation, or where it is empty its status's template filled in:
    what the public reads for it on every channel, as the workbench would have written it."""
    written = text.strip() if isinstance(text, str) else ""
    return written or fill(status, section, section_name, version_name)
