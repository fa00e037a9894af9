"""What an install gets: bounded dependencies, optional extras that fail with a message naming them, no bench."""
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def requirements():
    project = PROJECT["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in project["dependencies"] + extras if not r.startswith("jiuye[")]


@pytest.mark.parametrize("requirement", requirements(), ids=str)
def test_every_dependency_has_an_upper_bound(requirement):
    assert any(spec.operator == "<" for spec in requirement.specifier), f"{requirement}: no upper bound"


def test_dask_and_watchdog_are_extras_and_bench_is_not_shipped():
    names = {Requirement(r).name for r in PROJECT["project"]["dependencies"]}
    assert not names & {"dask", "watchdog"}
    assert set(PROJECT["project"]["optional-dependencies"]) >= {"dask", "watch", "test"}
    assert not any(p.split(".")[0] == "bench" for p in PROJECT["tool"]["setuptools"]["packages"])


def test_the_extractor_and_the_app_import_without_the_extras():
    blocked = "import sys; sys.modules.update(dict.fromkeys(['dask', 'dask.distributed', 'watchdog', " \
              "'watchdog.observers', 'watchdog.events']))\n"
    code = blocked + "import app, jiuye.cli, extract.pipeline, extract.corpus.update, extract.corpus.watch"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


@pytest.mark.parametrize("blocked, call, extra", [
    ("dask.distributed", lambda tmp: __import__("extract.corpus.workers").corpus.workers.Workers(scheduler="tcp://x:1").__enter__(),
     "jiuye[dask]"),
    ("watchdog.observers", lambda tmp: __import__("extract.corpus.watch").corpus.watch.watch(tmp, tmp / "s.duckdb"), "jiuye[watch]"),
])
def test_a_missing_extra_is_named(monkeypatch, tmp_path, blocked, call, extra):
    monkeypatch.setitem(sys.modules, blocked, None)  # import of it now raises ImportError
    with pytest.raises(ImportError, match=extra.replace("[", r"\[")):
        call(tmp_path)


BENCH_MODULES = sorted(p.stem for p in (REPO / "bench").glob("*.py") if p.stem != "__main__")


@pytest.mark.parametrize("module", BENCH_MODULES)
def test_a_bench_script_does_nothing_when_imported(module):
    """Its work is in main(), run as `python -m bench.NAME`: importing it (a test, a doctest run) costs nothing."""
    done = subprocess.run([sys.executable, "-c", f"import bench.{module}"], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_readme_shows_a_claim_the_sample_corpus_gives_and_a_screenshot_it_has():
    import csv
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = readme.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| quote |"))
    names, cells = ([c.strip() for c in lines[i].strip("|").split("|")] for i in (header, header + 2))
    shown = dict(zip(names, cells))
    with open(REPO / "tests" / "golden" / "sample_claims.csv", encoding="utf-8-sig", newline="") as f:
        golden = list(csv.DictReader(f))
    assert any(all(claim[n] == shown[n] for n in names if n != "sentence")
               and claim["sentence"].startswith(shown["sentence"].rstrip("…")) for claim in golden), shown
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme):
        assert (REPO / image).is_file(), image


def test_the_dashboard_imports_nothing_of_the_extractor_but_the_contract():
    code = "import sys, app; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'extract')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["extract", "extract.contract"]


def _imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function (a late import runs upwards too)."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _layer_modules(folder: str, skip: tuple[str, ...] = ()) -> list[Path]:
    return sorted(p for p in (REPO / folder).rglob("*.py") if not p.relative_to(REPO).as_posix().startswith(skip))


def _reaches(names: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n.split(".")[0] in packages or n.startswith(tuple(p + "." for p in packages)))


@pytest.mark.parametrize("module", _layer_modules("extract", skip=("extract/corpus/",)),
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_a_per_document_stage_imports_no_layer_above_it(module):
    """extract/ reads one document at a time: it never imports the cross-document layer, the command, the
    dashboard or the benchmarks (they import it)."""
    assert _reaches(_imported(module), ("extract.corpus", "app", "bench", "jiuye")) == []


@pytest.mark.parametrize("module", _layer_modules("extract/corpus"), ids=lambda p: p.relative_to(REPO).as_posix())
def test_the_corpus_layer_imports_neither_the_command_nor_the_dashboard_nor_the_benchmarks(module):
    assert _reaches(_imported(module), ("app", "bench", "jiuye")) == []


@pytest.mark.parametrize("module", _layer_modules("app"), ids=lambda p: p.relative_to(REPO).as_posix())
def test_a_dashboard_module_names_no_extractor_module_but_the_contract(module):
    extractor = [n for n in _reaches(_imported(module), ("extract",)) if n.split(".")[:2] != ["extract", "contract"]]
    assert extractor == []


MAX_MODULE_LINES = 370  # "no module over ~350 lines" (issue 17): a module past this has two jobs, split it


@pytest.mark.parametrize("module", _layer_modules("extract") + _layer_modules("app") + _layer_modules("jiuye"),
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_module_of_the_extractor_or_the_app_is_too_long(module):
    assert len(module.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES
