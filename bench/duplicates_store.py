"""Near-duplicate groups of a store, the old way or the new, in a fresh process (time and peak memory of that step alone):

    .venv/bin/python -m bench.duplicates_store old /tmp/store.duckdb /tmp/old.json
    .venv/bin/python -m bench.duplicates_store new /tmp/store.duckdb /tmp/new.json
    .venv/bin/python -m bench.duplicates_store compare /tmp/old.json /tmp/new.json
    (old-warm / new-warm: DuckDB's buffer pool filled first, as a run's writer has it by then)

old: the documents frame, the (n, 256) signature matrix and `duplicate_groups`
(what `_settle_duplicates` did); new: `store_duplicate_groups(con)`.  Prints seconds, VmRSS
before the step and VmHWM after it (the process's peak), and writes the groups as JSON.
DuckDB caches the table blocks it reads up to its memory_limit (128 MB, as the store writer
sets it): in a fresh process that cache grows during the step; in `jiuye extract` it is
already full from writing the tables, so the -warm modes fill it before measuring.
"""
import json
import sys
import time
from pathlib import Path

import duckdb


def _vm(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def _signatures(con, n: int):
    """Every document's MinHash as one (n, NUM_PERM) matrix in doc_id order, read a batch at a time: what
    `extract.corpus.update._signatures` did before 7a054cf (the old way this script measures)."""
    import numpy as np

    from extract.signature import NUM_PERM

    matrix = np.zeros((n, NUM_PERM), dtype=np.uint32)
    result = con.execute("SELECT minhash FROM documents ORDER BY doc_id")
    row = 0
    while batch := result.fetchmany(4096):
        for (blob,) in batch:
            if blob is not None:
                matrix[row] = np.frombuffer(blob, dtype="<u4")
            row += 1
    return matrix


def old_groups(con) -> dict[str, str]:
    from extract.corpus.duplicates import duplicate_groups
    documents = con.execute(
        "SELECT doc_id, path, shingles, date, source, home_region, home_region_code, "
        "length(text) AS text_length FROM documents ORDER BY doc_id").df()
    return duplicate_groups(documents, signatures=_signatures(con, len(documents)))


def new_groups(con) -> dict[str, str]:
    from extract.corpus.duplicates_store import store_duplicate_groups
    groups, grouped = store_duplicate_groups(con)
    assert set(grouped["doc_id"]) == set(groups)
    return groups


def main(mode: str, first: str, second: str) -> None:
    if mode == "compare":
        old, new = (json.loads(Path(p).read_text()) for p in (first, second))
        differ = sorted(d for d in set(old) | set(new) if old.get(d) != new.get(d))
        print(f"old: {len(old)} grouped documents in {len(set(old.values()))} groups; "
              f"new: {len(new)} in {len(set(new.values()))}; identical={old == new}; differing documents: {differ[:20]}")
        return
    import extract.corpus.duplicates_store  # noqa: F401  (imports are not the step)
    import extract.corpus.update  # noqa: F401
    con = duckdb.connect(first, read_only=True)
    con.execute("SET memory_limit='128MB'")  # as the store writer sets it
    con.execute("SET threads=1")

    def buffered():
        return con.execute("SELECT sum(memory_usage_bytes) // 2**20 FROM duckdb_memory()").fetchone()[0]

    if mode.endswith("-warm"):
        con.execute("SELECT sum(length(text)) FROM documents").fetchall()
        con.execute("SELECT sum(length(quote)) FROM claims").fetchall()
    before = _vm("VmRSS")
    started = time.perf_counter()
    groups = (old_groups if mode.startswith("old") else new_groups)(con)
    seconds = time.perf_counter() - started
    print(f"{mode}: {seconds:.1f} s, VmRSS before {before:.0f} MB, VmHWM {_vm('VmHWM'):.0f} MB "
          f"(+{_vm('VmHWM') - before:.0f} MB; DuckDB buffers now {buffered()} MB), {len(groups)} grouped documents in {len(set(groups.values()))} groups")
    Path(second).write_text(json.dumps(groups, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:4])
