"""Every SQL statement of an incremental run (`extract.corpus.update`), named for what it does to the store.

`update` decides (which files changed, which facts to build, where work runs); these read and write the
store that `extract.corpus.store.StoreWriter` holds open: what the previous run left, the deletes and
inserts of a run, the near-duplicate marks, the facts' partitions and links, the indexes and the counts.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from extract.contract import FACT_KEY_SQL, columns
from extract.corpus.store import StoreWriter

# A claim's fact key (extract.contract.FACT_KEY) as one hash; a fact row holds its claims' key columns, so the
# same expression reads a fact's key. Two keys that share a hash are only rebuilt together: no harm.
KEY_HASH = f"hash({FACT_KEY_SQL})"
# The dashboard looks claims and facts up by id; with these a lookup is a probe, not a scan (1M claims: 50 → 3 ms).
INDEXES = {"claims_fact_id": "claims(fact_id)", "claims_claim_id": "claims(claim_id)", "facts_fact_id": "facts(fact_id)"}
_COUNTS = "SELECT (SELECT count(*) FROM documents), count(*), count(*) FILTER (metric <> 'other') FROM claims"

# --- what the previous run left -------------------------------------------------------------------------


def previous_version(writer: StoreWriter) -> str | None:
    """The extractor version that wrote the store, None if there is no store (or it says none)."""
    meta = writer.previous("SELECT value FROM meta WHERE key = 'extractor_version'")
    return None if meta is None or meta.empty else meta["value"].iloc[0]


def previous_documents(writer: StoreWriter) -> dict[str, tuple[str, int, int]]:
    """path → (content hash, size, mtime_ns as noted in `files`; -1 where not noted) of the stored documents."""
    documents = writer.previous("SELECT path, content_hash, coalesce(size, -1) AS size, coalesce(mtime_ns, -1) AS "
                                "mtime_ns FROM documents LEFT JOIN files USING (path)")
    if documents is None:
        return {}
    return {path: (content_hash, size, mtime_ns) for path, content_hash, size, mtime_ns in zip(
        documents["path"], documents["content_hash"], documents["size"].tolist(), documents["mtime_ns"].tolist())}


def previous_errors(writer: StoreWriter) -> list[dict]:
    """The stored `errors` rows (none without a previous store)."""
    kept = writer.previous("SELECT path, stage, reason FROM errors")
    return [] if kept is None else kept.to_dict("records")


def previous_counts(writer: StoreWriter) -> list[int]:
    """[documents, claims, claims with a metric] of the previous store."""
    return writer.previous(_COUNTS).iloc[0].tolist()


def counts(con) -> tuple[int, int, int]:
    """(documents, claims, claims with a metric) of the store being written."""
    return con.execute(_COUNTS).fetchone()


# --- a run's deletes and inserts ------------------------------------------------------------------------


def start_run(con) -> None:
    """Before a run changes anything: a table for the facts its deletes leave (see `delete_claims`), and no
    lookup index (rebuilt at the end: cheaper than keeping them through the run's deletes and updates)."""
    con.execute("CREATE TEMP TABLE left_facts (fact_id VARCHAR)")
    for name in INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {name}")


def delete_claims(con, where: str, params: list | None = None) -> None:
    """Delete claims, noting the facts they leave in `left_facts`: those facts' keys are built again."""
    con.execute(f"INSERT INTO left_facts SELECT DISTINCT fact_id FROM claims WHERE {where}", params)
    con.execute(f"DELETE FROM claims WHERE {where}", params)


def delete_paths(con, paths: list[str]) -> None:
    """The documents read from `paths`, and their claims."""
    con.execute("CREATE TEMP TABLE stale AS SELECT doc_id FROM documents WHERE path IN "
                "(SELECT unnest(?::VARCHAR[]))", [paths])
    delete_claims(con, "doc_id IN (SELECT doc_id FROM stale)")
    con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM stale)")


def delete_document(con, doc_id: str) -> None:
    """One document and its claims (before it is read again)."""
    delete_claims(con, "doc_id = ?", [doc_id])
    con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])


def append_rows(writer: StoreWriter, documents: pa.Table, claims: pa.Table) -> None:
    writer.append("documents", documents)
    writer.append("claims", claims)


def write_file_stats(con, seen: pd.DataFrame) -> None:
    """`files` := the rows of `seen` (path, size, mtime_ns) whose path is a stored document's."""
    con.execute("DELETE FROM files")
    con.register("incoming", seen)
    con.execute("INSERT INTO files SELECT * FROM incoming WHERE path IN (SELECT path FROM documents)")
    con.unregister("incoming")


def mark_duplicates(con, copies: pd.DataFrame) -> None:
    """`documents.duplicate_of` := the `top` of each copy (doc_id, top); '' for every other document."""
    con.execute("UPDATE documents SET duplicate_of = '' WHERE duplicate_of <> ''")
    if len(copies):
        con.register("copies", copies)
        con.execute("UPDATE documents SET duplicate_of = copies.top FROM copies WHERE documents.doc_id = copies.doc_id")
        con.unregister("copies")


def create_indexes(writer: StoreWriter, memory_mb: int, bytes_per_claim: int) -> None:
    """The dashboard's lookup indexes, each built within a memory limit that grows with the claims."""
    [(n_claims,)] = writer.con.execute("SELECT count(*) FROM claims").fetchall()
    for name, target in INDEXES.items():
        writer.create_index(name, target, max(memory_mb, n_claims * bytes_per_claim >> 20))


# --- facts: the keys a run touched, their claims by partition, the facts built back -------------------------


def touched_facts(con) -> tuple[str, int, int]:
    """(SQL condition on claims or facts selecting the keys whose facts are to be built, the claims it selects,
    all claims). Keys with a claim that has no fact yet (new, or read again), and keys of facts that lost a
    claim; every key when every claim is new (a fresh run), with no list of keys to hold."""
    [(n, n_new)] = con.execute("SELECT count(*), count(*) FILTER (fact_id = '') FROM claims").fetchall()
    if n_new == n:
        return "true", n, n
    con.execute(f"""CREATE TEMP TABLE touched AS
        SELECT DISTINCT {KEY_HASH} AS key FROM claims WHERE fact_id = ''
        UNION
        SELECT {KEY_HASH} FROM facts WHERE fact_id IN (SELECT fact_id FROM left_facts)""")
    scope = f"{KEY_HASH} IN (SELECT key FROM touched)"
    [(n_touched,)] = con.execute(f"SELECT count(*) FROM claims WHERE {scope}").fetchall()
    return scope, n_touched, n


def fact_partitions(con, scope: str, parts: int):
    """Delete the facts of `scope` and yield its claims (the columns facts are built from) as `parts` Arrow
    tables, one partition of their keys each (a key never spans two)."""
    con.execute(f"DELETE FROM facts WHERE {scope}")
    con.execute("CREATE TEMP TABLE new_facts AS SELECT * FROM facts LIMIT 0")
    con.execute("CREATE TEMP TABLE fact_links (claim_id VARCHAR, fact_id VARCHAR)")
    needed = ", ".join(f'"{c}"' for c in columns("claims") if c in columns("facts") or c in ("claim_id", "doc_id"))
    # Sorted by partition once (DuckDB sorts on disk beyond its memory limit), so reading a partition
    # touches its own blocks only: 1.08 M claims sort in ~2 s, and a partition then reads in ~10 ms,
    # where a scan of every claim for each partition cost ~0.5 s.
    con.execute(f"CREATE TEMP TABLE fact_input AS SELECT {needed}, {KEY_HASH} % ? AS part FROM claims "
                f"WHERE {scope} ORDER BY part", [parts])
    return (con.sql("SELECT * EXCLUDE (part) FROM fact_input WHERE part = ?", params=[part]).to_arrow_table()
            for part in range(parts))


def add_facts(con, facts: pa.Table, links: pa.Table) -> None:
    """A partition's facts, and its claims' links to them (claim_id, fact_id), held until `save_facts`."""
    con.register("incoming", facts)
    con.execute("INSERT INTO new_facts BY NAME SELECT * FROM incoming")
    con.register("incoming", links)
    con.execute("INSERT INTO fact_links SELECT * FROM incoming")
    con.unregister("incoming")


def save_facts(writer: StoreWriter, update_links: bool) -> None:
    """The new facts into `facts`, and `claims.fact_id` from their links: by an UPDATE (`update_links`: few
    claims touched) or by rewriting the claims table."""
    con = writer.con
    if update_links:
        con.execute("UPDATE claims SET fact_id = l.fact_id FROM fact_links l WHERE claims.claim_id = l.claim_id")
    else:
        # claims rewritten with their fact ids in one join, which DuckDB spills to disk as it needs: an UPDATE
        # of every claim (or one per partition) costs several times more
        linked = ", ".join(f'c."{c}"' if c != "fact_id" else "coalesce(l.fact_id, c.fact_id) AS fact_id"
                           for c in columns("claims"))
        writer.rewrite("claims", f"SELECT {linked} FROM claims c LEFT JOIN fact_links l USING (claim_id)")
    for table in ("touched", "fact_links", "fact_input", "left_facts"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    # stored in the order the dashboard filters by, so DuckDB skips the blocks of other metrics
    con.execute("INSERT INTO facts SELECT * FROM new_facts ORDER BY metric, region_level, year_to, year_from, fact_id")
