"""Store stage: the database (SQLite or PostgreSQL), every table (tables.py), the contributions
store, derived data written after an import (clusters, public texts) and backup.
"""
