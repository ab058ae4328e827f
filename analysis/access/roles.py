"""Modes, roles and the server-side permission check (access stage).

The role of a logged-in user follows from their e-mail address (data/roles.toml:
exact addresses and "*@domain" wildcards). Every editing action calls
`require(role, action)` in the data layer, so a hidden widget is never the only
thing standing between a visitor and a write. In the public mode the role is
always "public", whatever a session claims.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import lru_cache

from analysis.access.mode import current_mode
from analysis.core import config as core_config
from analysis.core.errors import InputError, PermissionDenied

PUBLIC = "public"
LOCAL_ADDRESSES = ("localhost",)


@lru_cache(maxsize=1)
def config() -> dict:
    cfg = core_config.data_toml("roles.toml")
    order = cfg["order"]
    bad = {r for r in [*cfg["members"].values(), *cfg["actions"].values(), cfg["local_role"]]
           if r not in order}
    if bad:
        raise InputError(f"data/roles.toml noemt onbekende rol(len): {', '.join(sorted(bad))}.")
    unnamed = set(cfg["actions"]) - set(cfg["action_labels"])
    if unnamed:
        raise InputError(f"data/roles.toml [action_labels] mist: {', '.join(sorted(unnamed))}.")
    return cfg


def roles() -> list[str]:
    """Role ids from lowest to highest."""
    return list(config()["order"])


def label(role: str) -> str:
    """The Dutch name of a role, for the interface."""
    return config()["labels"].get(role, role)


def rank(role: str) -> int:
    try:
        return roles().index(role)
    except ValueError:
        raise PermissionDenied(f"Onbekende rol '{role}'.") from None


def role_for(email: str | None, members: Mapping[str, str] | None = None) -> str:
    """The role of a logged-in e-mail address; 'public' when it is not listed.

    An exact address beats a domain wildcard; a longer (more specific) domain
    beats a shorter one, so "*@team.example.nl" overrides "*@example.nl".
    """
    if not email or "@" not in email:
        return PUBLIC
    table = {k.strip().lower(): v for k, v in (members or config()["members"]).items()}
    address = email.strip().lower()
    if address in table:
        return table[address]
    domain = address.rsplit("@", 1)[1]
    best: tuple[int, str] | None = None
    for pattern, role in table.items():
        if not pattern.startswith("*@"):
            continue
        wanted = pattern[2:]
        if (domain == wanted or domain.endswith("." + wanted)) and (best is None or len(wanted) > best[0]):
            best = (len(wanted), role)
    return best[1] if best else PUBLIC


def allowed(role: str, action: str) -> bool:
    actions = config()["actions"]
    if action not in actions:
        raise ValueError(f"unknown action {action!r}: add it to data/roles.toml [actions]")
    return rank(role) >= rank(actions[action])


def require(role: str, action: str, mode: str | None = None) -> None:
    """Raise PermissionDenied unless `role` may perform `action` in the current (or given) mode.

    In the public mode only public actions pass, whatever role is passed in.
    """
    effective = PUBLIC if (mode or current_mode()) == "public" else role
    if not allowed(effective, action):
        raise PermissionDenied(
            f"Uw rol ({label(effective)}) mag dit niet: {config()['action_labels'][action]}.")


def session_role(email: str | None, login_configured: bool, mode: str | None = None) -> str:
    """The role of the current session: public mode -> public; no login -> the local role."""
    if (mode or current_mode()) == "public":
        return PUBLIC
    if not login_configured:
        return config()["local_role"]
    return role_for(email)


def login_configured(secrets: Mapping) -> bool:
    """Whether secrets hold an st.login configuration ([auth] with redirect_uri and cookie_secret)."""
    auth = secrets.get("auth") if hasattr(secrets, "get") else None
    return bool(auth) and all(auth.get(k) for k in ("redirect_uri", "cookie_secret"))


def is_local_address(address: str | None) -> bool:
    """True when the server only listens on this computer (localhost / loopback).

    Streamlit's default server.address is empty, which means every interface.
    """
    value = (address or "").strip().strip("[]").lower()
    if not value:
        return False
    if value in LOCAL_ADDRESSES:
        return True
    try:
        return ipaddress.ip_address(value).is_loopback
    except ValueError:
        return False
