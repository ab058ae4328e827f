"""NMP Inbreng analysis core: everything below the Streamlit pages.

Data flows one way: sources -> harvest parsers -> contributions table ->
NLP/themes -> store -> pages. Nothing in this package imports Streamlit.
"""
