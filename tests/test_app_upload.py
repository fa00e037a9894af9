"""Uploads: safe names, server-side limits, background extraction into the store."""
import base64
from pathlib import Path

import pytest

from app.upload import (MAX_UPLOAD_BYTES, ExtractionJob, UploadRefused, decode_data_url, safe_name,
                        save_upload)
from extract.store import read_table

SENTENCE = "2021年，甘州区城镇失业人员再就业9223人。"


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


def test_an_upload_lands_under_the_corpus_and_never_overwrites(tmp_path):
    (tmp_path / "a.txt").write_text("old", encoding="utf-8")
    first = save_upload(tmp_path, "a.txt", SENTENCE.encode())
    second = save_upload(tmp_path, "../a.txt", SENTENCE.encode())
    assert (first.relative_to(tmp_path).as_posix(), second.name) == ("uploads/a-1.txt", "a-2.txt")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (b"x" * (MAX_UPLOAD_BYTES + 1), "larger than")])
def test_the_server_refuses_empty_and_oversized_files(tmp_path, content, reason):
    with pytest.raises(UploadRefused, match=reason):
        save_upload(tmp_path, "a.txt", content)
    assert not list(tmp_path.rglob("*.txt"))


def test_a_damaged_data_url_is_refused():
    assert decode_data_url("data:text/plain;base64," + base64.b64encode(b"hi").decode()) == b"hi"
    with pytest.raises(UploadRefused, match="damaged"):
        decode_data_url("data:text/plain;base64,***")


def test_the_job_extracts_uploads_into_the_store_and_reports_bad_files(tmp_path):
    corpus, store = tmp_path / "corpus", tmp_path / "s.duckdb"
    corpus.mkdir()
    save_upload(corpus, "good.txt", SENTENCE.encode())
    save_upload(corpus, "binary.txt", b"\x00\x01PK\x03\x04" * 20)
    job = ExtractionJob(corpus, store)
    job.start()
    job.wait(60)
    state = job.state()
    assert (state.running, state.runs, state.done, state.total, state.failure) == (False, 1, 2, 2, "")
    assert [Path(e["path"]).name for e in state.errors] == ["binary.txt"]
    assert read_table(store, "claims")["value"].tolist() == [9223.0]


def test_files_arriving_during_a_run_get_a_run_of_their_own(tmp_path):
    corpus, store = tmp_path / "corpus", tmp_path / "s.duckdb"
    corpus.mkdir()
    save_upload(corpus, "one.txt", SENTENCE.encode())
    job = ExtractionJob(corpus, store)
    job.start()
    save_upload(corpus, "two.txt", SENTENCE.encode())
    job.start()
    job.wait(60)
    while job.state().running:
        job.wait(1)
    assert sorted(read_table(store, "documents")["doc_id"]) == ["one", "two"]
