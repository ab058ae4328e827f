"""NMP Inbreng analysis: everything below the Streamlit pages, as stage packages.

Data flows one way, and so do the imports (tests/test_layering.py):
core -> harvest -> enrich -> store -> access -> tracker -> ingest -> views -> devtools ->
commands -> cli. Nothing in this package imports Streamlit; docs/ARCHITECTURE.md maps it.
"""
