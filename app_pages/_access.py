"""Who is using the dashboard: mode, login (st.login, OIDC) and role, decided once per run.

The rules live in analysis.access.roles (Streamlit-free, tested there); this module only
asks Streamlit for the facts (secrets, server address, st.user) and draws the
login screen, the blocking error and the local-mode banner.
"""
from __future__ import annotations

import json

import streamlit as st

from analysis.access import roles
from analysis.core import config

LOCAL_BANNER = "Interne modus zonder inlog: alleen op deze computer"
# Streamlit's index.html says lang="en", its own controls name themselves in English for
# screen readers ("Open", "Help for ...", "Skip to main content") and its multiselect and
# selectbox show English texts ("Select all", "No results", "No options to select"). A constant
# script (no user text; the Dutch comes from data/accessibility.toml) sets the page language
# and, whenever Streamlit draws or changes a text, puts the Dutch in place. A visible text is
# changed in its own text node, so React's later updates ("Select 3 matches" as one types)
# arrive there and are put in Dutch again. See docs/DEPLOYMENT.md.
_DUTCH = """<script>(() => {
  const nl = %s, doc = document;
  doc.documentElement.lang = 'nl';
  if (window.__nmpDutch) return;
  window.__nmpDutch = true;
  const patterns = Object.entries(nl.patterns).map(([from, to]) => [new RegExp(from), to]);
  const text = value => {
    if (nl.texts[value]) return nl.texts[value];
    for (const [from, to] of patterns) if (from.test(value)) return value.replace(from, to);
  };
  const fix = el => {
    const label = el.getAttribute && el.getAttribute('aria-label');
    if (label) {
      let out = nl.labels[label];
      for (const [from, to] of Object.entries(nl.prefixes))
        if (!out && label.startsWith(from)) out = to + label.slice(from.length);
      if (out && out !== label) el.setAttribute('aria-label', out);
    }
    const hint = el.getAttribute && el.getAttribute('placeholder');
    if (hint && nl.placeholders[hint]) el.setAttribute('placeholder', nl.placeholders[hint]);
    const only = el.childNodes && el.childNodes.length === 1 && el.firstChild;
    if (only && only.nodeType === 3) {
      const out = text(only.data);
      if (out && out !== only.data) only.data = out;
    }
  };
  const all = root => { fix(root); root.querySelectorAll && root.querySelectorAll('*').forEach(fix); };
  all(doc.body);
  new MutationObserver(records => { for (const r of records) {
    if (r.type === 'attributes') fix(r.target);
    else if (r.type === 'characterData') r.target.parentElement && fix(r.target.parentElement);
    else r.addedNodes.forEach(n => n.nodeType === 1 ? all(n) : n.parentElement && fix(n.parentElement));
  } }).observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                          attributeFilter: ['aria-label', 'placeholder']});
})();</script>"""
_LANG_NL = _DUTCH % json.dumps(config.data_toml("accessibility.toml"), ensure_ascii=False)


def set_language_nl() -> None:
    """Page language nl and Dutch names on Streamlit's own controls (the constant script)."""
    st.html(_LANG_NL, unsafe_allow_javascript=True, width="content")


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning {}
        return {}


def _provider() -> tuple:
    """st.login's argument: the named provider ([auth.<name>]) if there is one, else the default."""
    named = [k for k, v in _secrets().get("auth", {}).items() if isinstance(v, dict)]
    return (named[0],) if named else ()


def _email() -> str | None:
    """The address the identity provider reports; Entra ID puts it in preferred_username."""
    user = st.user
    return user.get("email") or user.get("preferred_username")


def session_role(mode: str) -> str:
    """The role for this run; stops the script with a login screen or a blocking error when needed."""
    if mode == "public":
        return roles.PUBLIC
    if not roles.login_configured(_secrets()):
        if not roles.is_local_address(st.get_option("server.address")):
            st.error("Deze interne versie heeft geen inlog ingesteld en luistert niet alleen op "
                     "deze computer. Start haar met `--server.address 127.0.0.1`, of stel de "
                     "inlog in (zie docs/DEPLOYMENT.md).", icon=":material/lock:")
            st.stop()
        st.warning(LOCAL_BANNER, icon=":material/computer:")
        return roles.session_role(None, login_configured=False, mode=mode)
    if not st.user.is_logged_in:
        st.title("NMP Inbreng (intern)")
        st.write("Log in met uw werkaccount om verder te gaan.")
        st.button("Inloggen", on_click=st.login, args=_provider(), type="primary",
                  icon=":material/login:")
        st.stop()
    role = roles.session_role(_email(), login_configured=True, mode=mode)
    with st.sidebar:
        st.text(f"Ingelogd als {_email()} ({roles.label(role)})")
        st.button("Uitloggen", on_click=st.logout, icon=":material/logout:")
    if role == roles.PUBLIC:
        st.error("Uw account heeft geen toegang tot de interne versie. Vraag de beheerder om "
                 "u een rol te geven.", icon=":material/block:")
        st.stop()
    return role
