"""Load: 50 concurrent clients on the main callbacks for 30 s, on loopback, with zero errors.

The server is `jiuye serve` itself (waitress, as a user runs it) in its own
process, on the sample corpus's store. The requests are the ones a real page
sends: chromium opens the dashboard once and every callback request it makes
(compare, trend, table, evidence, controls) is recorded; then 50 client
threads replay them in turn for the whole run. The test prints p50/p99 and
fails on any error or non-200 answer. JIUYE_LOAD_SECONDS shortens or
lengthens the run.
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from extract.corpus.update import update_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
SECONDS = float(os.environ.get("JIUYE_LOAD_SECONDS", "30"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load")
    store = folder / "sample.duckdb"
    update_store([ROOT / "data" / "corpus"], store)
    port = free_port()
    # the server's output goes to a file: a pipe nobody reads fills up and blocks the server (waitress
    # logs a line for each queued task under load)
    log = open(folder / "serve.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "jiuye", "serve", "--store", str(store),
                                "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"jiuye serve did not answer: {(folder / 'serve.log').read_text(errors='replace')}")
    yield url
    process.terminate()
    process.wait(10)
    log.close()


def recorded_callbacks(browser, url: str) -> list[dict]:
    """The callback requests a real page makes when it opens a view and switches tabs."""
    bodies = []
    page = browser.new_page()
    page.on("request", lambda r: bodies.append(r.post_data_json)
            if r.method == "POST" and "/_dash-update-component" in r.url else None)
    page.goto(url + "?metric=job_fairs&level=mix")
    page.wait_for_selector("#compare-graph .js-plotly-plot")
    for tab in ("历年趋势", "地区 × 年份表", "地区比较"):
        page.locator("#tabs").get_by_text(tab, exact=True).click()
        page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")
    page.close()
    return bodies


def test_fifty_clients_for_thirty_seconds_get_no_error(server, browser):
    calls = recorded_callbacks(browser, server)
    outputs = {c["output"] for c in calls}
    assert len(calls) >= 5 and any("compare" in o for o in outputs) and any("evidence" in o for o in outputs)
    endpoint = server + "_dash-update-component"
    stop_at = time.monotonic() + SECONDS

    def client(n: int) -> tuple[list[float], list[str]]:
        times, errors = [], []
        with requests.Session() as session:
            i = n
            while time.monotonic() < stop_at:
                body = calls[i % len(calls)]
                start = time.perf_counter()
                try:
                    answer = session.post(endpoint, json=body, timeout=30)
                    if answer.status_code not in (200, 204):
                        errors.append(f"{answer.status_code} on {body['output']}: {answer.text[:200]}")
                except requests.RequestException as e:
                    errors.append(f"{type(e).__name__} on {body['output'][:40]} "
                                  f"{time.monotonic() - (stop_at - SECONDS):.0f} s into the run")
                times.append(time.perf_counter() - start)
                i += 1
        return times, errors

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(client, range(CLIENTS)))
    times = sorted(t for r in results for t in r[0])
    errors = [e for r in results for e in r[1]]
    p50, p99 = statistics.median(times), times[int(len(times) * 0.99) - 1]
    print(f"\nload: {CLIENTS} clients, {SECONDS:.0f} s, {len(times)} requests ({len(times) / SECONDS:.0f}/s), "
          f"p50={p50 * 1000:.0f} ms, p99={p99 * 1000:.0f} ms, errors={len(errors)}")
    assert not errors, errors[:5]
    assert len(times) >= CLIENTS  # every client got answers, none starved
