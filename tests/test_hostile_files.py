"""Hostile files: every bad file becomes a row of `errors`, every good one still gives its claims.

One folder holds every case below beside a good article; it is read once through
`extract.corpus.gather.extract_paths` and once through the command line
(`.venv/bin/jiuye extract DIR --store … --out …`), and each case is checked in
both: its error row (path, stage, a reason a user understands) or its claims.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extract.read.document import DocumentError
from extract.read.files import MAX_DOCUMENT_BYTES, find_documents
from extract.read.reader import read_document
from extract.corpus.gather import extract_paths
from extract.pipeline import process_document

ROOT = Path(__file__).resolve().parent.parent
JIUYE = Path(sys.executable).parent / "jiuye"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")

ARTICLE = "2021年，甘州区实现城镇新增就业8303人，城镇登记失业率为2.8%。"
ARTICLE_CLAIMS = {(8303.0, "urban_new_jobs"), (2.8, "registered_unemployment_rate")}
OTHER = "全年城镇失业人员再就业9223人，困难人员就业1147人。"
OTHER_CLAIMS = {(9223.0, "unemployed_reemployed"), (1147.0, "hard_to_employ_employed")}


@dataclass(frozen=True)
class Case:
    id: str
    name: str  # the file (or link) the case is about, in the case folder
    make: object  # make(path): writes it
    error: str = ""  # words its error row's reason holds; "" when it is read
    claims: frozenset = field(default_factory=frozenset)  # (value, metric) it must give when it is read
    needs_no_root: bool = False  # root reads any file whatever its permissions


def write_bytes(data: bytes):
    return lambda path: path.write_bytes(data)


def write_text(text: str, encoding: str = "utf-8"):
    return lambda path: path.write_bytes(text.encode(encoding))


def png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
                     + bytes(200))


def zip_archive(path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("article.txt", ARTICLE)  # an article inside is still a ZIP outside
    path.write_bytes(out.getvalue())


def fifty_megabytes(path: Path) -> None:
    with open(path, "wb") as f:  # sparse: 50 MB long, nothing written, so the test costs no disk
        f.truncate(50 * 1024 * 1024)


def long_line(path: Path) -> None:
    """2 million characters without a line break or a full stop, a figure every few thousand."""
    filler = "城镇就业形势总体稳定，各项政策落实落细，" * 150
    unit = filler + "全区实现城镇新增就业8303人，"
    text = (unit * (2_000_000 // len(unit) + 1))[:2_000_000]
    path.write_text(text, encoding="utf-8")


def deep_html(path: Path) -> None:
    depth = 10_000
    page = ("<!DOCTYPE html><html><head><title>就业形势</title><script>var n = '9999万人';</script></head><body>"
            + "<div>" * depth + f"<p>{ARTICLE}</p><!-- 评论：招聘8888人 --><script>document.write('7777万人')</script>"
            + "</div>" * depth + "</body></html>")
    path.write_text(page, encoding="utf-8")


def unreadable(path: Path) -> None:
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)


def symlink_loop(path: Path) -> None:
    partner = path.with_name("loop_b.txt")
    path.symlink_to(partner.name)
    partner.symlink_to(path.name)


def dangling(path: Path) -> None:
    path.symlink_to("gone.txt")


def folder_loop(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text(OTHER, encoding="utf-8")
    (path / "again").symlink_to("..", target_is_directory=True)  # folder/again/again/… forever


def fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would wait for a writer forever


def docx_bomb(path: Path) -> None:
    """A Word file whose one part unpacks to 110 MB of zeros: about 100 kB on disk."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        with zipfile.ZipFile(out) as real:
            for item in real.infolist():
                bomb.writestr(item, real.read(item))
        with bomb.open("word/media/padding.bin", "w") as padding:
            chunk = bytes(1024 * 1024)
            for _ in range(110):
                padding.write(chunk)


YAML_BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" \
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" \
            "title: *f\ntags: *f\ndate: *f\n---\n"

CASES = [
    Case("empty file", "empty.txt", write_bytes(b""), error="empty file"),
    Case("only whitespace", "blank.md", write_bytes(b" \n\t\r\n  \n"), error="empty file"),
    Case("markup and nothing else", "shell.html", write_text("<html><body><div><p> </p></div></body></html>"),
         error="empty file: no text after removing markup"),
    Case("PNG renamed .txt", "photo.txt", png, error="not text: a PNG image"),
    Case("ZIP renamed .md", "archive.md", zip_archive, error="not text: a ZIP archive"),
    Case("invalid UTF-8 bytes in the middle", "damaged.txt",
         write_bytes((ARTICLE * 20).encode() + b"\xff\xfe\xc3\x28\x80" + (OTHER * 20).encode()),
         error="damaged text: 4 byte sequences that are not valid UTF-8",  # reported, and still read
         claims=frozenset(ARTICLE_CLAIMS | OTHER_CLAIMS)),
    Case("GB18030", "gb18030.txt", write_text(ARTICLE + "刘䶮" + OTHER, "gb18030"),  # 䶮 needs GB18030's 4 bytes
         claims=frozenset(ARTICLE_CLAIMS | OTHER_CLAIMS)),
    Case("UTF-16 with BOM", "utf16.txt", write_text(ARTICLE + OTHER, "utf-16"),
         claims=frozenset(ARTICLE_CLAIMS | OTHER_CLAIMS)),
    Case("50 MB single file", "huge.txt", fifty_megabytes,
         error=f"too large: 50.0 MB; the limit is {MAX_DOCUMENT_BYTES // 2**20} MB (MAX_DOCUMENT_BYTES"),
    Case("2-million-character line", "one_line.txt", long_line, claims=frozenset({(8303.0, "urban_new_jobs")})),
    Case("unterminated front matter", "unterminated.md",
         write_text("---\ntitle: 稳就业\ndate: 2022-03-08\n" + ARTICLE), claims=frozenset(ARTICLE_CLAIMS)),
    Case("malformed front matter", "malformed.md",
         write_text('---\ntitle: "稳就业\ndate: [2022-03-08\n\t- : :\n---\n' + ARTICLE), claims=frozenset(ARTICLE_CLAIMS)),
    Case("front matter alias bomb", "bomb.md", write_text(YAML_BOMB + ARTICLE), claims=frozenset(ARTICLE_CLAIMS)),
    Case("HTML: script, comments, 10 000-deep nesting", "deep.html", deep_html, claims=frozenset(ARTICLE_CLAIMS)),
    Case("unreadable (chmod 000)", "locked.txt", unreadable, error="permission denied", needs_no_root=True),
    Case("symlink loop", "loop_a.txt", symlink_loop, error="symlink loop"),
    Case("symlink to nothing", "dangling.txt", dangling, error="broken symlink"),
    Case("folder that links back to itself", "loop_folder/inside.txt", folder_loop, claims=frozenset(OTHER_CLAIMS)),
    Case("name with spaces", "就业 形势 2021.txt", write_text(ARTICLE), claims=frozenset(ARTICLE_CLAIMS)),
    Case("name with a newline", "line\nbreak.txt", write_text(OTHER), claims=frozenset(OTHER_CLAIMS)),
    Case("truncated PDF", "cut.pdf", write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"),
         error="not a readable PDF"),
    Case("text named .docx", "report.docx", write_text(ARTICLE), error="not a readable Word (.docx) file"),
    Case("Word zip bomb", "zipbomb.docx", docx_bomb, error="over the 100 MB limit (MAX_UNPACKED_BYTES"),
]
CASE_IDS = [c.id for c in CASES]
SKIPPED_FILES = {"pipe.txt"}  # a named pipe: not an article file, never opened


def make_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    for case in CASES:
        path = folder / case.name
        if case.make is folder_loop:
            folder_loop(path.parent)
        else:
            case.make(path)
    fifo(folder / "pipe.txt")
    return folder


def doc_id(case: Case) -> str:
    return Path(case.name).stem


def claims_of(claims, case: Case) -> set:
    rows = claims[claims["doc_id"] == doc_id(case)]
    return set(zip(rows["value"], rows["metric"]))


def errors_of(errors, case: Case) -> list[dict]:
    return [row for row in errors if Path(row["path"]).name == Path(case.name).name]


# --- through extract_paths ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory):
    folder = make_folder(tmp_path_factory.mktemp("hostile") / "articles")
    started = time.monotonic()
    tables = extract_paths([str(folder)])
    return tables, time.monotonic() - started


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_each_hostile_file_through_the_pipeline(pipeline_run, case):
    if case.needs_no_root and AS_ROOT:
        pytest.skip("running as root, which reads any file; the command-line test drops that power with setpriv")
    tables, _ = pipeline_run
    check(case, tables["errors"].to_dict("records"), tables["claims"])


def test_the_good_file_beside_them_gives_its_claims_through_the_pipeline(pipeline_run):
    tables, seconds = pipeline_run
    good = tables["claims"][tables["claims"]["doc_id"] == "good"]
    assert set(zip(good["value"], good["metric"])) == ARTICLE_CLAIMS
    assert seconds < 120, f"the hostile folder took {seconds:.0f} s"


def test_a_named_pipe_is_never_opened(pipeline_run):
    tables, _ = pipeline_run
    names = {Path(p).name for p in tables["errors"]["path"]} | {Path(p).name for p in tables["documents"]["path"]}
    assert not names & SKIPPED_FILES


def check(case: Case, errors: list[dict], claims) -> None:
    rows = errors_of(errors, case)
    if case.error:
        assert len(rows) == 1, rows
        assert rows[0]["stage"] == "read" and case.error in rows[0]["reason"], rows[0]
    else:
        assert not rows, rows
    if case.claims:
        assert case.claims <= claims_of(claims, case)


# --- through the command line ---------------------------------------------------------------------------


def run_cli(args: list[str], drop_root: bool = False) -> subprocess.CompletedProcess:
    command = [str(JIUYE), "extract", *args]
    if drop_root:  # root without the power to bypass file permissions: chmod 000 means what it says
        command = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    if not JIUYE.exists():
        pytest.skip(f"{JIUYE} is not installed (pip install -e .)")
    base = tmp_path_factory.mktemp("hostile_cli")
    folder = make_folder(base / "articles")
    result = run_cli([str(folder), "--store", str(base / "jiuye.duckdb"), "--out", str(base / "out")],
                     drop_root=AS_ROOT and SETPRIV is not None)
    import pandas as pd

    claims = pd.read_csv(base / "out" / "claims.csv", encoding="utf-8-sig", dtype={"doc_id": str})
    return result, read_csv(base / "out" / "errors.csv"), claims


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_each_hostile_file_through_the_command_line(cli_run, case):
    if case.needs_no_root and AS_ROOT and SETPRIV is None:
        pytest.skip("running as root without setpriv (util-linux): root reads any file")
    result, errors, claims = cli_run
    check(case, errors, claims)


def test_the_command_line_goes_on_and_exits_0_with_the_error_count(cli_run):
    result, errors, claims = cli_run
    assert result.returncode == 0, result.stderr
    expected = sum(1 for c in CASES if c.error) + 1  # loop_b.txt, the loop's other end, is reported too
    assert len(errors) == expected
    assert f"errors: {expected}" in result.stdout
    good = claims[claims["doc_id"] == "good"]
    assert set(zip(good["value"], good["metric"])) == ARTICLE_CLAIMS
    for row in errors:  # each error is also said on stderr, with its path
        assert row["reason"] in result.stderr


def test_the_command_line_fails_with_a_message_when_nothing_could_be_read(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for case in CASES[:5]:  # empty, blank, markup only, PNG, ZIP
        case.make(folder / case.name)
    result = run_cli([str(folder), "--store", str(tmp_path / "s.duckdb")])
    assert result.returncode != 0
    assert "no document could be read" in result.stderr and "not text: a PNG image" in result.stderr


def test_the_command_line_fails_when_a_folder_holds_no_article_file(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    result = run_cli([str(folder), "--store", str(tmp_path / "s.duckdb")])
    assert result.returncode != 0 and "no article file" in result.stderr


# --- what the user must not lose ------------------------------------------------------------------------


def test_damaged_utf8_keeps_its_good_text_and_says_what_was_damaged(tmp_path):
    path = tmp_path / "damaged.txt"
    CASES[CASE_IDS.index("invalid UTF-8 bytes in the middle")].make(path)
    document = read_document(path)
    assert document.encoding == "utf-8" and "\ufffd" in document.body
    assert len(document.warnings) == 1
    first = len((ARTICLE * 20).encode())
    assert f"4 byte sequences that are not valid UTF-8 (the first at byte {first})" in document.warnings[0]


def test_damaged_utf8_is_reported_in_the_errors_table(pipeline_run):
    tables, _ = pipeline_run
    rows = tables["errors"][tables["errors"]["path"].str.endswith("damaged.txt")]
    assert list(rows["stage"]) == ["read"] and "not valid UTF-8" in rows["reason"].iloc[0]


def test_a_gb18030_file_is_read_as_gb18030(tmp_path):
    path = tmp_path / "gb.txt"
    write_text(ARTICLE + "刘䶮" + OTHER, "gb18030")(path)
    document = read_document(path)
    assert document.encoding == "gb18030" and "刘䶮" in document.body


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    fifty_megabytes(path)
    tracemalloc.start()
    with pytest.raises(DocumentError) as e:
        read_document(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "MAX_DOCUMENT_BYTES" in e.value.reason
    assert peak < 1024 * 1024, f"{peak} bytes held to refuse a file by its size"


def test_the_html_page_gives_no_figure_from_its_script_or_comments(tmp_path):
    path = tmp_path / "deep.html"
    deep_html(path)
    document = read_document(path)
    assert document.body == ARTICLE and document.title == "就业形势"


def test_malformed_front_matter_still_gives_its_title_and_date(tmp_path):
    import datetime

    path = tmp_path / "malformed.md"
    CASES[CASE_IDS.index("malformed front matter")].make(path)
    document = read_document(path)
    assert (document.title, document.date) == ("稳就业", datetime.date(2022, 3, 8))
    assert document.body == ARTICLE


def test_the_alias_bomb_never_reaches_the_title(tmp_path):
    path = tmp_path / "bomb.md"
    write_text(YAML_BOMB + ARTICLE)(path)
    document = read_document(path)
    assert (document.title, document.date, document.source) == ("", None, "")


def test_a_folder_link_loop_is_walked_once(tmp_path):
    folder_loop(tmp_path / "loop_folder")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in find_documents([tmp_path])] == ["loop_folder/inside.txt"]


@pytest.mark.parametrize("unit", ["12.5万人，", "12.5万人；", "城镇新增就业人数稳步增长，全年实现城镇新增就业8303人，还\n"])
def test_extraction_time_grows_linearly_with_a_run_on_text(unit):
    # a sentence or statement that never ends, or a paragraph re-joined from thousands of broken lines:
    # twice the text may take about twice the time, never four times (quadratic)
    def seconds(n: int) -> float:
        from extract.read.document import Document

        document = Document("x", "x", "utf-8", "", "", None, "", (unit * (n // len(unit) + 1))[:n])
        started = time.process_time()  # this process's CPU time: other work on a shared machine does not count
        process_document(document)
        return time.process_time() - started

    seconds(5_000)  # warm the caches
    small, large = min(seconds(40_000) for _ in range(3)), min(seconds(160_000) for _ in range(2))
    assert large / small < 8, f"4× the text took {large / small:.1f}× the time"
