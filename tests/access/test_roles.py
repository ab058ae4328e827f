"""Roles from e-mail addresses, server-side permission checks, the localhost rule."""
from __future__ import annotations

import pytest

from analysis.access import navigation, roles
from analysis.core.errors import PermissionDenied

MEMBERS = {
    "*@example.nl": "viewer",
    "*@team.example.nl": "analyst",
    "baas@example.nl": "editor",
}


@pytest.mark.parametrize("email, role", [
    ("baas@example.nl", "editor"),
    ("BAAS@Example.NL", "editor"),             # addresses are case-insensitive
    ("iemand@example.nl", "viewer"),
    ("iemand@team.example.nl", "analyst"),     # the more specific domain wins
    ("iemand@sub.team.example.nl", "analyst"),  # subdomains belong to their domain
    ("iemand@notexample.nl", "public"),        # no suffix tricks
    ("iemand@example.nl.evil.org", "public"),
    ("", "public"),
    (None, "public"),
    ("geen-adres", "public"),
])
def test_role_for(email, role):
    assert roles.role_for(email, MEMBERS) == role


def test_shipped_roles_file_is_consistent():
    assert roles.roles() == ["public", "viewer", "analyst", "editor"]
    for page in navigation.all_pages():
        roles.rank(page.min_role)  # every page names a known role
    assert roles.role_for("programmateam@minienw.example") == "editor"


@pytest.mark.parametrize("role, action, ok", [
    ("editor", "edit_decision", True),
    ("analyst", "edit_decision", False),
    ("viewer", "export", False),
    ("analyst", "export", True),
    ("public", "view_public", True),
    ("public", "view_internal", False),
])
def test_require_internal(role, action, ok):
    if ok:
        roles.require(role, action, mode="internal")
    else:
        with pytest.raises(PermissionDenied):
            roles.require(role, action, mode="internal")


def test_public_mode_refuses_editing_whatever_the_role(monkeypatch):
    monkeypatch.setenv("NMP_MODE", "public")
    for action in ("edit_decision", "publish_decision", "import_data", "view_internal_notes",
                   "view_originals", "export"):
        with pytest.raises(PermissionDenied):
            roles.require("editor", action)
    roles.require("editor", "view_public")
    assert roles.session_role("baas@example.nl", login_configured=True) == "public"


def test_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        roles.require("editor", "delete_everything", mode="internal")


def test_session_role_without_login_is_the_local_role():
    assert roles.session_role(None, login_configured=False, mode="internal") == "editor"
    assert roles.session_role("iemand@gmail.com", login_configured=True, mode="internal") == "public"


@pytest.mark.parametrize("address, local", [
    ("localhost", True), ("127.0.0.1", True), ("::1", True), ("[::1]", True),
    ("", False), (None, False), ("0.0.0.0", False), ("192.168.1.10", False), ("nmp.example.nl", False),
])
def test_is_local_address(address, local):
    assert roles.is_local_address(address) is local


def test_login_configured():
    assert not roles.login_configured({})
    assert not roles.login_configured({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback"}})
    assert roles.login_configured({"auth": {"redirect_uri": "https://x/oauth2callback",
                                           "cookie_secret": "s3cr3t", "microsoft": {}}})


def test_a_refusal_says_in_dutch_what_was_refused():
    with pytest.raises(PermissionDenied) as refused:
        roles.require("viewer", "reveal_original", mode="internal")
    assert str(refused.value) == ("Uw rol (lezer) mag dit niet: de oorspronkelijke tekst van een "
                                  "bijdrage tonen.")
