"""Uploads: safe names, server-side limits; the watcher extracts what the page saved, and the page follows it.

The web process saves files and reads the store and the watcher's status file; `jiuye serve --corpus` runs
the one watcher as a child process that ends with the server.
"""
import base64
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from app.i18n import t
from app.store import StoreSource
from app.upload import (MAX_UPLOAD_BYTES, UploadRefused, arrived, decode_data_url, progress, safe_name,
                        save_upload)
from extract.contract import ARTICLE_EXTENSIONS, WatchStatus, read_watch_status, watch_status_path
from extract.corpus.store import read_table

SENTENCE = "2021年，甘州区城镇失业人员再就业9223人。"
REPO = Path(__file__).resolve().parent.parent


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("given, stored", [
    ("report.txt", "report.txt"),
    ("株洲日报 2022.md", "株洲日报 2022.md"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\me\\page.html", "page.html"),
    ("line\nbreak.txt", "linebreak.txt"),
    (".hidden.txt", "hidden.txt"),
])
def test_an_upload_keeps_only_a_safe_base_name(given, stored):
    assert safe_name(given) == stored


@pytest.mark.parametrize("given", ["run.exe", "noext", "../..", ".txt", "", "evil.txt/"])
def test_a_name_that_is_not_an_article_file_is_refused(given):
    with pytest.raises(UploadRefused, match="not an article file"):
        safe_name(given)


def test_the_page_accepts_the_file_types_the_extractor_reads():
    from extract.read.files import EXTENSIONS

    assert ARTICLE_EXTENSIONS == EXTENSIONS


def test_an_upload_never_overwrites_nor_takes_an_id_the_store_holds(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "a.txt").write_text("old", encoding="utf-8")
    in_store = {"a-1"}.__contains__
    first = save_upload(uploads, "a.txt", SENTENCE.encode(), taken=in_store)
    second = save_upload(uploads, "../a.md", SENTENCE.encode(), taken=in_store)
    assert (first.relative_to(tmp_path).as_posix(), second.name) == ("uploads/a-2.txt", "a-3.md")
    assert (uploads / "a.txt").read_text(encoding="utf-8") == "old"


def test_two_tabs_saving_one_name_at_once_keep_both_files(tmp_path):
    def another_tab_saves_it_now(doc_id):  # between this save's look at the folder and its write
        if doc_id == "a":
            (tmp_path / "a.txt").write_text("the other tab's", encoding="utf-8")
        return False

    saved = save_upload(tmp_path, "a.txt", SENTENCE.encode(), taken=another_tab_saves_it_now)
    assert saved.name == "a-1.txt" and saved.read_text(encoding="utf-8") == SENTENCE
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "the other tab's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-1.txt", "a.txt"]  # no temporary file left


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (b"x" * (MAX_UPLOAD_BYTES + 1), "larger than")])
def test_the_server_refuses_empty_and_oversized_files(tmp_path, content, reason):
    with pytest.raises(UploadRefused, match=reason):
        save_upload(tmp_path, "a.txt", content)
    assert not list(tmp_path.rglob("*.txt"))


def test_a_damaged_data_url_is_refused():
    assert decode_data_url("data:text/plain;base64," + base64.b64encode(b"hi").decode()) == b"hi"
    with pytest.raises(UploadRefused, match="damaged"):
        decode_data_url("data:text/plain;base64,***")


def test_a_request_larger_than_the_limit_is_refused_by_the_server(tmp_path):
    from app import create_app
    from extract.corpus.store import write_store
    from app_fixtures import sample_tables

    store = write_store(tmp_path / "s.duckdb", sample_tables())
    client = create_app(store, uploads=tmp_path / "uploads").server.test_client()
    response = client.post("/_dash-update-component", data=b"x" * (2 * MAX_UPLOAD_BYTES + 1),
                           content_type="application/json")
    assert response.status_code == 413
    assert not (tmp_path / "uploads").exists()


# --- what the page shows while it waits --------------------------------------------------------------------

@pytest.mark.parametrize("status, present, shown", [
    (None, set(), {"poll": True, "hidden": True, "message": t("upload_no_watcher", "zh")}),
    (WatchStatus(state="stopped"), set(), {"poll": True, "hidden": True, "message": t("upload_no_watcher", "zh")}),
    (WatchStatus(state="settling"), set(), {"poll": True, "hidden": True}),
    (WatchStatus(state="running", done=1, total=3), set(),
     {"poll": True, "hidden": False, "value": 1, "max": 3, "message": t("upload_running", "zh", done=1, total=3)}),
    # the run that read `a` may still be going for other files: the tab waits for its own only
    (WatchStatus(state="running", done=1, total=3), {"a"}, {"poll": True, "hidden": False, "value": 1, "max": 3,
                                                          "message": t("upload_running", "zh", done=1, total=3)}),
    (WatchStatus(state="failed", failure="StoreError: disk full"), set(),
     {"poll": False, "hidden": True, "message": t("upload_failed", "zh", reason="StoreError: disk full")}),
    (WatchStatus(state="running", done=2, total=3), {"a", "b"},
     {"poll": False, "hidden": True, "message": t("upload_done", "zh"), "finished": ["a", "b"]}),
])
def test_the_page_follows_the_watcher_until_the_store_holds_every_file_it_saved(status, present, shown):
    assert progress(status, ["b", "a"], present, "zh") == shown


def test_a_tab_that_saved_nothing_does_not_poll():
    assert progress(WatchStatus(state="running", done=1, total=3), [], set(), "zh") == {"poll": False, "hidden": True}


def test_the_status_file_is_replaced_whole_and_a_missing_or_damaged_one_reads_as_none(tmp_path):
    from extract.corpus.watch import write_status

    path = watch_status_path(tmp_path / "s.duckdb")
    assert read_watch_status(path) is None
    write_status(path, WatchStatus(state="running", done=3, total=8, pid=42))
    assert read_watch_status(path) == WatchStatus(state="running", done=3, total=8, pid=42)
    assert [p.name for p in tmp_path.iterdir()] == [".s.duckdb.watch.json"]  # no temporary file left
    path.write_text('{"state": "runn', encoding="utf-8")
    assert read_watch_status(path) is None


# --- the real flow: saved → the watcher extracts → the page's question "all there?" says yes ----------------

def test_the_watcher_extracts_what_the_page_saved_and_says_how_far_it_is(tmp_path):
    from extract.corpus.watch import watch

    corpus, uploads, store = tmp_path / "corpus", tmp_path / "uploads", tmp_path / "s.duckdb"
    corpus.mkdir()
    uploads.mkdir()
    (corpus / "old.txt").write_text(SENTENCE, encoding="utf-8")
    status, stop = watch_status_path(store), threading.Event()
    watcher = threading.Thread(target=watch, args=([corpus, uploads], store),
                               kwargs={"settle": 0.3, "stop": stop, "status": status})
    watcher.start()
    try:
        assert wait_for(lambda: (read_watch_status(status) or WatchStatus(state="")).state == "idle")
        source = StoreSource(store)
        saved = [save_upload(uploads, "good.txt", SENTENCE.encode()).stem,
                 save_upload(uploads, "binary.txt", b"\x00\x01PK\x03\x04" * 20).stem]
        assert wait_for(lambda: arrived(source, saved) == {"good", "binary"})
        assert read_watch_status(status).runs >= 2
        assert sorted(read_table(store, "documents")["doc_id"]) == ["good", "old"]
        assert [Path(p).name for p in read_table(store, "errors")["path"]] == ["binary.txt"]
        assert progress(read_watch_status(status), saved, arrived(source, saved), "zh")["finished"] == saved[::-1]
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert read_watch_status(status).state == "stopped"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(folder: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """`jiuye serve` as a user starts it, in `folder`; returns the process and its URL once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "jiuye", "serve", "--port", str(port), *args],
                              cwd=folder, env={**os.environ, "PYTHONPATH": str(REPO)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"

    def answers():
        try:
            return urllib.request.urlopen(url, timeout=2).status == 200
        except OSError:
            return False

    assert wait_for(answers, 120), "jiuye serve did not answer"
    return server, url


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a child of this test that has ended stays a zombie until reaped: it is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_serve_with_a_corpus_runs_one_watcher_that_ends_with_it(tmp_path, stop_signal):
    """Ctrl-C or a TERM stops the watcher with the server; a killed server's watcher notices and stops itself."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    server, _ = start_serve(tmp_path, "--store", "s.duckdb", "--corpus", "corpus", "--uploads", "inbox")
    status = tmp_path / ".s.duckdb.watch.json"
    try:
        assert wait_for(lambda: (read_watch_status(status) or WatchStatus(state="")).state == "idle")
        watcher = read_watch_status(status).pid
        assert alive(watcher) and watcher != server.pid
        assert (tmp_path / "inbox").is_dir()
    finally:
        server.send_signal(stop_signal)
        server.wait(30)
    assert wait_for(lambda: not alive(watcher), 30)
