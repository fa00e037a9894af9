"""jiuye's extraction engine: document → text → sentences → quantities → claims.

The public entry points are `extract.pipeline.extract_paths` (documents in,
tables out) and `extract.store` (the DuckDB store the dashboard reads).
"""
