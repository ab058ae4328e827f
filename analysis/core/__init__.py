"""Core stage: paths, config readers for data/*.toml, errors, the contributions schema, labels,
Dutch formatting. Imports nothing else of analysis/.
"""
