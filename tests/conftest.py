"""One headless Debian chromium for every browser test of the session (Playwright drives it).

Launched with the flags a shared CI machine needs; it is never downloaded. Where
it is missing the browser tests skip — except on CI, where `make test` installs
it and its absence is a failure.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (make browser)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sample_url(tmp_path_factory):
    """The dashboard on a store of the sample corpus, served once for every browser test that only reads it."""
    from app_fixtures import sample_tables, serving

    from extract.corpus.store import write_store

    with serving(write_store(tmp_path_factory.mktemp("sample-site") / "sample.duckdb", sample_tables())) as url:
        yield url
