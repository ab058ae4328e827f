"""Enrich stage: Dutch NLP, the theme taxonomy and model, near-duplicates, discovery, text
similarity, evaluation and de-identification. Pure functions on texts and frames: no database.
"""
