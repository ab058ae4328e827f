"""NMP Inbreng: entry point. Routes explicitly to the files in app_pages/ (no auto-discovery).

Not pages/: a pages/ folder makes Streamlit serve every file by URL, bypassing this router.

The page list comes from data/pages.toml via analysis.access.navigation, chosen by the
mode (NMP_MODE=internal|public) and the user's role.
"""
import streamlit as st

from analysis.access import mode as access_mode
from analysis.access import navigation
from analysis.core.errors import InputError
from app_pages import _access, _common

st.set_page_config(page_title="NMP Inbreng", page_icon=":material/forum:", layout="wide")
_access.set_language_nl()


def build_navigation() -> st.navigation:
    """One st.Page per allowed page for the current mode and role."""
    mode = access_mode.current_mode()
    role = _access.session_role(mode)  # login, local-only check and banner (docs/DEPLOYMENT.md)
    st.session_state["role"] = role
    pages = [st.Page(p.file, title=p.title, icon=p.icon, default=p.default)
             for p in navigation.pages_for(mode, role)]
    return st.navigation(pages, expanded=True)  # every page in the menu, no English "View 3 more"


try:
    page = build_navigation()
except InputError as exc:
    st.error(str(exc))
    st.stop()
st.sidebar.markdown("**NMP Inbreng**  \nInbreng voor het Nationaal Milieuprogramma")
if access_mode.current_mode() == "public":
    # markdown, not caption: the faded caption grey fails 4.5:1 on the sidebar background
    st.sidebar.markdown("Publieke versie: alleen samengevatte informatie, geen persoonsgegevens.")
page.run()
if access_mode.current_mode() != "public":
    _common.warm_up_nlp()  # Verkennen and imports need the pipeline; load it while the user reads
