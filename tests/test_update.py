"""Runs of `jiuye extract` against a store: incremental, parallel, distributed, locked, atomic."""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from jiuye.cli import main
from extract.corpus.facts import facts_of_partition
from extract.corpus.workers import Workers, _worker_context
from extract.corpus.store import StoreBusy, StoreWriter, lock_path, read_table
from extract.corpus.update import file_hash, update_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
JIUYE = [sys.executable, "-m", "jiuye"]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def claims_of(store) -> list[tuple]:
    claims = read_table(store, "claims")
    return sorted(zip(claims["claim_id"], claims["doc_id"], claims["value"], claims["metric"],
                      claims["region"], claims["year"], claims["fact_id"]))


def fresh_claims(folder, tmp_path) -> list[tuple]:
    store = tmp_path / "fresh.duckdb"
    store.unlink(missing_ok=True)
    update_store([folder], store)
    return claims_of(store)


# --- incremental runs ------------------------------------------------------------------


def test_a_second_run_reads_nothing_that_did_not_change(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    first = update_store([corpus], store)
    second = update_store([corpus], store)
    assert (first.extracted, second.extracted, second.unchanged, second.removed) == (5, 0, 5, 0)
    assert claims_of(store) == fresh_claims(corpus, tmp_path)


def test_a_run_with_nothing_new_changed_or_gone_leaves_the_store_file_as_it_was(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    first = update_store([corpus], store)
    before = store.stat()
    second = update_store([corpus], store)
    after = store.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (second.documents, second.claims, second.with_metric) == (first.documents, first.claims, first.with_metric)


def age(folder: Path, seconds: float = 3600) -> None:
    """Date every file of a folder back, as files that have sat in an archive for a while."""
    for f in folder.iterdir():
        past = f.stat().st_mtime_ns - int(seconds * 1e9)
        os.utime(f, ns=(past, past))


def test_a_file_whose_size_and_mtime_did_not_change_is_not_read_back(corpus, tmp_path, monkeypatch):
    age(corpus)
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    hashed = []
    (corpus / "001_5b309cc66324928c.txt").touch()  # same bytes, new mtime: read back and hashed, still unchanged
    monkeypatch.setattr("extract.corpus.update.file_hash", lambda path, real=file_hash: hashed.append(path) or real(path))
    summary = update_store([corpus], store)
    assert hashed == [str(corpus / "001_5b309cc66324928c.txt")]
    assert (summary.extracted, summary.unchanged) == (0, 5)


def test_a_touched_file_is_read_back_once_then_known_by_its_new_mtime(corpus, tmp_path, monkeypatch):
    age(corpus)
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    touched = corpus / "001_5b309cc66324928c.txt"
    touched.touch()
    age(corpus, 10)  # its new mtime, older than FRESH_SECONDS
    update_store([corpus], store)
    hashed = []
    monkeypatch.setattr("extract.corpus.update.file_hash", lambda path, real=file_hash: hashed.append(path) or real(path))
    assert update_store([corpus], store).unchanged == 5
    assert hashed == []


def test_a_file_changed_just_before_a_run_is_hashed_by_the_next_even_with_its_mtime_put_back(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    changed = corpus / "new.txt"
    changed.write_text("2021年，甘州区城镇失业人员再就业9223人。", encoding="utf-8")
    written = changed.stat().st_mtime_ns
    update_store([corpus], store)  # new.txt changed within FRESH_SECONDS of this run: no mtime noted
    changed.write_text("2021年，甘州区城镇失业人员再就业9224人。", encoding="utf-8")  # same size
    os.utime(changed, ns=(written, written))  # as a coarse clock would leave it
    summary = update_store([corpus], store)
    assert summary.extracted == 1
    assert ("new", 9224.0) in {(c[1], c[2]) for c in claims_of(store)}


def test_the_store_notes_size_and_mtime_of_stored_documents_only(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    age(corpus)
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    noted = read_table(store, "files")
    assert sorted(noted["path"]) == sorted(read_table(store, "documents")["path"])
    assert [(f.stat().st_size, f.stat().st_mtime_ns) for f in map(Path, sorted(noted["path"]))] == \
        list(noted.sort_values("path")[["size", "mtime_ns"]].itertuples(index=False, name=None))


def test_a_changed_file_is_extracted_again_and_its_old_claims_go(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    changed = corpus / "004_3f0cc9cd5d3e3597.txt"
    changed.write_text("2021年，甘州区城镇失业人员再就业9223人。", encoding="utf-8")
    summary = update_store([corpus], store)
    assert (summary.extracted, summary.unchanged, summary.removed) == (1, 4, 1)
    assert [c for c in claims_of(store) if c[1] == changed.stem] == \
        [c for c in fresh_claims(corpus, tmp_path) if c[1] == changed.stem]
    assert claims_of(store) == fresh_claims(corpus, tmp_path)


def test_a_deleted_file_takes_its_claims_with_it(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    (corpus / "001_5b309cc66324928c.txt").unlink()
    summary = update_store([corpus], store)
    assert (summary.extracted, summary.removed, summary.documents) == (0, 1, 4)
    assert "001_5b309cc66324928c" not in {c[1] for c in claims_of(store)}
    assert claims_of(store) == fresh_claims(corpus, tmp_path)


def test_a_new_file_is_added(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    (corpus / "new.txt").write_text("2021年，甘州区城镇失业人员再就业9223人。", encoding="utf-8")
    summary = update_store([corpus], store)
    assert (summary.extracted, summary.unchanged) == (1, 5)
    assert ("new", 9223.0) in {(c[1], c[2]) for c in claims_of(store)}


def test_a_store_written_by_another_extractor_version_is_rebuilt(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    with duckdb.connect(str(store)) as con:
        con.execute("UPDATE meta SET value = 'older' WHERE key = 'extractor_version'")
    assert update_store([corpus], store).extracted == 5


def test_a_broken_file_is_tried_again_on_every_run(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    (corpus / "empty.txt").write_bytes(b"")
    update_store([corpus], store)
    again = update_store([corpus], store)
    assert [e["path"] for e in again.errors] == [str(corpus / "empty.txt")]
    assert read_table(store, "errors")["path"].tolist() == [str(corpus / "empty.txt")]


# Facts are rebuilt only for the keys whose claims changed; the store must still be that of a fresh run.
FACT_CORPUS = {
    "a.txt": "2021年，株洲市城镇新增就业5.83万人。2021年，湘潭市城镇新增就业3.1万人。",
    "b.txt": "2021年，株洲市城镇新增就业5.8万人。",  # the same fact as a's 5.83万: two sources
    "c.txt": "2021年，湘潭市城镇新增就业3.1万人，城镇登记失业率为2.8%。",
    "f.txt": "城镇新增就业1.2万人。",  # no region, no year: a fact of its own
}
FACT_EDITS = {
    "a copy of a figure joins its fact": {"d.txt": "2021年，株洲市城镇新增就业5.83万人。"},
    "a changed figure becomes a conflicting fact": {"b.txt": "2021年，株洲市城镇新增就业6.2万人。"},
    "a deleted source leaves its fact one source fewer": {"b.txt": None},
    "a fact whose every claim went is gone": {"c.txt": "2021年，湘潭市城镇新增就业3.1万人。"},
    "a fact of its own follows its changed figure": {"f.txt": "城镇新增就业1.5万人。"},
    "a figure of a new key": {"e.txt": "2021年，衡阳市城镇登记失业率为3.1%。"},
}


def facts_of(store) -> list[tuple]:
    return sorted(read_table(store, "facts").astype(str).itertuples(index=False, name=None))


def write_files(folder: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        if text is None:
            (folder / name).unlink()
        else:
            (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def fact_store(tmp_path) -> tuple[Path, Path]:
    """(folder of FACT_CORPUS, a store extracted from it)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_files(folder, FACT_CORPUS)
    store = tmp_path / "s.duckdb"
    update_store([folder], store)
    return folder, store


@pytest.mark.parametrize("edit", FACT_EDITS.values(), ids=FACT_EDITS.keys())
def test_facts_after_an_edit_are_those_of_a_fresh_run(edit, fact_store, tmp_path):
    folder, store = fact_store
    before = facts_of(store)
    write_files(folder, edit)
    update_store([folder], store)
    fresh = tmp_path / "fresh.duckdb"
    update_store([folder], fresh)
    assert facts_of(store) == facts_of(fresh) != before
    assert claims_of(store) == claims_of(fresh)


def test_an_incremental_run_builds_the_facts_of_changed_keys_only(fact_store, monkeypatch):
    folder, store = fact_store
    built = []

    def recording(claims):
        built.extend(zip(claims.column("region").to_pylist(), claims.column("metric").to_pylist()))
        return facts_of_partition(claims)

    monkeypatch.setattr("extract.corpus.update.facts_of_partition", recording)
    write_files(folder, {"e.txt": "2021年，衡阳市城镇登记失业率为3.1%。"})
    update_store([folder], store)
    assert built == [("衡阳市", "registered_unemployment_rate")]


# --- parallel and distributed ----------------------------------------------------------


def test_two_worker_processes_give_the_claims_of_one(corpus, tmp_path):
    store = tmp_path / "p.duckdb"
    update_store([corpus], store, workers=2)
    assert claims_of(store) == fresh_claims(corpus, tmp_path)


def test_two_worker_processes_give_the_facts_of_one(corpus, tmp_path):
    store = tmp_path / "p.duckdb"
    update_store([corpus], store, workers=2)
    update_store([corpus], tmp_path / "one.duckdb")
    assert read_table(store, "facts").equals(read_table(tmp_path / "one.duckdb", "facts"))


def test_workers_fork_from_a_single_threaded_process_and_not_beside_other_threads():
    if sys.platform != "linux":
        pytest.skip("fork is used on Linux only")
    alone = subprocess.run([sys.executable, "-c", "from extract.corpus.workers import _worker_context; "
                            "print(_worker_context().get_start_method())"], cwd=ROOT, capture_output=True, text=True)
    assert alone.stdout.strip() == "fork"  # a fresh process: this one may have threads from other tests
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _worker_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()


def test_workers_hold_a_bounded_number_of_tasks_in_flight():
    pulled = []

    def items():
        for i in range(100):
            pulled.append(i)
            yield i

    with Workers(2) as pool:
        for n_results, _ in enumerate(pool.map(abs, items()), start=1):
            assert len(pulled) - n_results <= 8  # 4 tasks per worker at most
    assert len(pulled) == 100


def test_a_dask_cluster_gives_the_claims_of_one_process(corpus, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    store = tmp_path / "d.duckdb"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        summary = update_store([corpus], store, scheduler=cluster.scheduler_address)
    assert summary.extracted == 5
    assert claims_of(store) == fresh_claims(corpus, tmp_path)


# --- one writer at a time, never half a store ------------------------------------------


def test_a_second_writer_stops_with_a_clear_message(tmp_path):
    store = tmp_path / "s.duckdb"
    with StoreWriter(store):
        with pytest.raises(StoreBusy, match="being written by another jiuye run"):
            with StoreWriter(store):
                pass


def test_the_cli_says_the_store_is_busy(corpus, tmp_path, capsys):
    store = tmp_path / "s.duckdb"
    with StoreWriter(store):
        assert main(["extract", str(corpus), "--store", str(store)]) == 2
    assert "being written by another jiuye run" in capsys.readouterr().err


def test_a_lock_dies_with_its_process(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from extract.corpus.store import StoreWriter\n"
                               f"w = StoreWriter({str(store)!r}).__enter__(); print('locked', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(StoreBusy):
        StoreWriter(store).__enter__()
    holder.kill()
    holder.wait()
    assert update_store([corpus], store).extracted == 5


def test_a_store_that_cannot_be_written_is_a_clear_error(corpus, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["extract", str(corpus), "--store", str(blocker / "s.duckdb")]) == 2
    assert "cannot write the store" in capsys.readouterr().err


def test_a_file_that_is_not_a_store_is_left_alone(corpus, tmp_path, capsys):
    store = tmp_path / "notes.duckdb"
    store.write_text("my notes")
    assert main(["extract", str(corpus), "--store", str(store)]) == 2
    assert "not a readable jiuye store" in capsys.readouterr().err
    assert store.read_text() == "my notes"


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_store(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    update_store([corpus / "004_3f0cc9cd5d3e3597.txt"], store)
    old = claims_of(store)
    new = fresh_claims(corpus, tmp_path)
    seen = set()
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4, 1.7, 2.0, 2.5):
        run = subprocess.Popen([*JIUYE, "extract", str(corpus), "--store", str(store)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        now = claims_of(store)
        assert now in (old, new)
        seen.add("new" if now == new else "old")
        if now == new:  # start over from the old store, to kill the run at a later moment
            update_store([corpus / "004_3f0cc9cd5d3e3597.txt"], store)
    assert "old" in seen  # at least one kill landed mid-run
    assert update_store([corpus], store).documents == 5  # the next run completes
    assert claims_of(store) == new
    assert not list(tmp_path.glob(".s.duckdb.*.tmp*"))  # and cleans up what the killed runs left


def test_a_spill_folder_left_by_a_killed_run_is_removed_by_the_next(corpus, tmp_path):
    spill = tmp_path / ".s.duckdb.k1ll3d.tmp.tmp"  # DuckDB spills sorts and joins into <store file>.tmp
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"x" * 100)
    assert update_store([corpus], tmp_path / "s.duckdb").documents == 5
    assert not spill.exists()


def test_a_step_s_memory_limit_is_put_back_after_it_even_when_it_fails(tmp_path):
    def limit(con) -> str:
        [(value,)] = con.execute("SELECT current_setting('memory_limit')").fetchall()
        return value

    with StoreWriter(tmp_path / "s.duckdb") as writer:
        con = writer.begin(keep_previous=False)
        usual = limit(con)
        with pytest.raises(ZeroDivisionError):
            with writer.memory_limit(16):
                assert limit(con) != usual
                1 / 0
        assert limit(con) == usual


def test_an_index_whose_memory_limit_is_too_small_is_built_with_a_larger_one(tmp_path):
    with StoreWriter(tmp_path / "s.duckdb") as writer:
        con = writer.begin(keep_previous=False)
        con.execute("CREATE TABLE keys AS SELECT md5(i::VARCHAR)[:16] AS id FROM range(5000) r(i)")
        con.execute("CHECKPOINT")
        with pytest.raises(duckdb.OutOfMemoryException), writer.memory_limit(1):
            con.execute("CREATE INDEX too_small ON keys(id)")  # 1 MB cannot hold it
        writer.create_index("keys_id", "keys(id)", memory_mb=1)
        assert con.execute("SELECT index_name FROM duckdb_indexes()").fetchall() == [("keys_id",)]


def test_the_lock_file_sits_beside_the_store(tmp_path):
    assert lock_path(tmp_path / "jiuye.duckdb") == tmp_path / ".jiuye.duckdb.lock"


# --- jiuye watch -------------------------------------------------------------------------


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_watch_reads_files_as_they_arrive_and_drops_them_when_they_go(tmp_path):
    import threading

    from extract.corpus.watch import watch

    folder, store = tmp_path / "inbox", tmp_path / "s.duckdb"
    folder.mkdir()
    runs, stop = [], threading.Event()
    watcher = threading.Thread(target=watch, args=(folder, store),
                               kwargs={"settle": 0.3, "on_update": runs.append, "stop": stop})
    watcher.start()
    try:
        assert wait_for(lambda: len(runs) == 1)  # the first run, on the empty folder
        (folder / "new.txt").write_text("2021年，甘州区城镇失业人员再就业9223人。", encoding="utf-8")
        assert wait_for(lambda: runs[-1].claims == 1)
        assert claims_of(store)[0][1:3] == ("new", 9223.0)
        (folder / "new.txt").unlink()
        assert wait_for(lambda: runs[-1].documents == 0)
        assert claims_of(store) == []
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()


def test_damage_reported_when_a_kept_file_was_read_stays_reported(corpus, tmp_path):
    store = tmp_path / "s.duckdb"
    sentence = "2021年，甘州区城镇失业人员再就业9223人。".encode()
    (corpus / "damaged.txt").write_bytes(sentence * 20 + b"\xff\xfe" + sentence * 20)
    update_store([corpus], store)
    again = update_store([corpus], store)
    assert again.unchanged == 6
    assert [(e["path"], e["stage"]) for e in again.errors] == [(str(corpus / "damaged.txt"), "read")]


def test_a_folder_without_article_files_leaves_the_store_alone(corpus, tmp_path, capsys):
    store = tmp_path / "s.duckdb"
    update_store([corpus], store)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["extract", str(empty), "--store", str(store)]) == 1
    assert "no article file found" in capsys.readouterr().err
    assert read_table(store, "documents")["doc_id"].nunique() == 5
