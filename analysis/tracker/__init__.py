"""Tracker stage: concept versions, link proposals (suggestion -> section), decisions (writes,
append-only with audit), queries (reads) and the flow/coverage chart data.
"""
