"""jiuye's extraction engine: document → text → sentences → quantities → claims.

The modules of this folder read one document at a time and are pure (`pipeline.process_document` chains
them); `extract.corpus` is the layer that looks across documents (a run over a folder, near-duplicates,
facts, the DuckDB store, a watched folder) and imports these, never the other way round. The dashboard
imports only `extract.contract`, the tables both sides agree on.
"""
