"""The cross-document layer: what looks at many documents at once.

A run over a corpus (`update`, over `workers`; `gather` for a small folder in memory), near-duplicate
groups (`duplicates`, `duplicates_store`), facts that several claims state (`facts`), the DuckDB
store (`store`), and a folder watched for new files (`watch`). It may import the per-document stages
of `extract`; they never import it.
"""
