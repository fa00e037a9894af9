"""`python -m bench.fuzz --docs N --seed S`: mutate the sample articles and run the whole reader and extractor on each.

Every document is one of data/corpus, damaged by one or more mutations (byte
flips, truncation, random Unicode inserted, a span duplicated, line breaks
deleted, numbers mangled, a different encoding), written to a file and read
back with `read_document`, then processed with `process_document`.

A `DocumentError` is the reader saying “this is not text” and is expected.
Anything else raised is a crash; a claims row the data contract would refuse
(NaN or infinite value, unknown qualifier, repeated claim_id, a quote that is
not the text at its span) is a failure too, since it fails the whole run later,
and so is a document that takes longer than --max-doc-s (a hang, at scale).
Each failure is printed with its seed and document number (enough to rebuild
the input: `mutated(seed, number)`) and a minimal input that still fails.

tests/test_fuzz.py runs this same code at a size that fits CI.
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from extract.contract import KINDS, QUALIFIERS, REGION_LEVELS
from extract.read.document import DocumentError
from extract.read.reader import read_document
from extract.pipeline import process_document
from extract.regions import load_gazetteer

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "corpus"

# Text that has broken parsers before or plausibly could: magnitudes with nothing
# to multiply, ordinals, hedges without numbers, quotes that never close,
# bidi controls, combining marks, odd digits, markup and front-matter fences.
HOSTILE = (
    "万万万", "亿亿", "万亿万", "余多余", "近超过约", "第", "百分之", "百分之百分之", "个百分点",
    "九" * 40, "9" * 400, "1" * 5000, "0." + "0" * 300 + "1", "1,000,000,000,000,000,000,000",
    "１２３４５", "٣٤٥", "४५", "①②③", "½", "²³", "1e308", "nan", "inf", "-0", "—", "～",
    "“", "”", "《", "》", "「", "(", "（", "。", "；", "\n", "\r", "\r\n", "\n\n\n\n", "\t", "\x0c", "\x00",
    "\u202e", "\u200f", "\u2066", "\u0301\u0301\u0301", "\ufeff", "\u200b", "\u3000", "\xa0",
    "𠀀𪚥", "\U0010fffd", "\ud7ff", "<p>", "</p>", "<title>", "<h1>", "<script>", "<!--", "---\n", "title: ",
    "2023年", "今年", "去年", "上半年", "“十四五”", "我市", "全省", "全国", "北京市", "湖南省株洲市", "来源：",
    "城镇新增就业", "失业率", "同比增长", "目标", "以上", "左右", "至", "-",
    "\n年份失业人数(万人)失业率(%)\n2001", "\n年份甲(万人)乙(万人)丙(万人)丁(万人)戊(%)己(%)庚(%)辛(%)\n2001",
    "\n2001\n2002\n城镇登记失业率(%)\n", "<![foo[", "<![CDATA[", "&#x110000;", "\n---\ntags: \" \"\n---\n",
)


def _random_char(rng: random.Random) -> str:
    """Any code point but a surrogate, weighted toward the planes real text lives in."""
    plane = rng.choice((0x80, 0x3000, 0x10000, 0x110000))
    while True:
        cp = rng.randrange(plane)
        if not 0xD800 <= cp <= 0xDFFF:
            return chr(cp)


def _random_unicode(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(HOSTILE)
    return "".join(_random_char(rng) for _ in range(rng.randint(1, 20)))


# Each mutation maps a text to a damaged text; the byte mutations come after encoding.

def insert_unicode(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 10)):
        at = rng.randint(0, len(text))
        text = text[:at] + _random_unicode(rng) + text[at:]
    return text


def duplicate_span(text: str, rng: random.Random) -> str:
    start = rng.randint(0, len(text))
    end = min(len(text), start + rng.randint(1, 500))
    at = rng.randint(0, len(text))
    return text[:at] + text[start:end] * rng.randint(1, 3) + text[at:]


def delete_line_breaks(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return text.replace("\n", "")
    return regex.sub(r"\n", lambda m: "" if rng.random() < 0.5 else "\n", text)


_NUMBER = regex.compile(r"\d+(?:\.\d+)?")
_MANGLES: tuple[Callable[[str, random.Random], str], ...] = (
    lambda n, rng: n * rng.randint(2, 50),  # 5.83 → 5.835.835.83…
    lambda n, rng: "9" * rng.randint(20, 2000),
    lambda n, rng: "0",
    lambda n, rng: n + "." + "9" * rng.randint(1, 400),
    lambda n, rng: ",".join(n),
    lambda n, rng: " ".join(n),
    lambda n, rng: n.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")),
    lambda n, rng: "".join(rng.choice("零〇一二两三四五六七八九十百千万亿") for _ in range(rng.randint(1, 12))),
    lambda n, rng: n + rng.choice(("万", "亿", "万亿", "万万", "%", "个百分点", "余", "多", "至", n)),
    lambda n, rng: rng.choice(("约", "近", "超过", "上", "第", "-", "—")) + n,
    lambda n, rng: "",
)


def mangle_numbers(text: str, rng: random.Random) -> str:
    share = rng.random()
    return _NUMBER.sub(lambda m: rng.choice(_MANGLES)(m.group(), rng) if rng.random() < share else m.group(), text)


TEXT_MUTATIONS = {f.__name__: f for f in (insert_unicode, duplicate_span, delete_line_breaks, mangle_numbers)}


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randint(0, len(data))]


BYTE_MUTATIONS = {f.__name__: f for f in (flip_bytes, truncate)}
MUTATION_ODDS = {"insert_unicode": 0.4, "duplicate_span": 0.3, "delete_line_breaks": 0.3, "mangle_numbers": 0.4,
                 "encoding": 0.15, "flip_bytes": 0.1, "truncate": 0.1}
ENCODINGS = ("utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "big5", "utf-16")


@dataclass(frozen=True)
class Mutated:
    number: int
    source: str  # sample file name
    mutations: tuple[str, ...]
    suffix: str
    data: bytes


def mutated(seed: int, number: int, samples: list[Path] | None = None) -> Mutated:
    """Document `number` of the run with `seed`: the same bytes on every machine and every run."""
    samples = samples or sorted(SAMPLES.glob("*.txt"))
    rng = random.Random(f"{seed}:{number}")
    source = rng.choice(samples)
    text = source.read_text(encoding="utf-8")
    # Byte damage mostly ends in a DocumentError, so it is drawn less often than text damage.
    names = [n for n in MUTATION_ODDS if rng.random() < MUTATION_ODDS[n]] or [rng.choice(sorted(TEXT_MUTATIONS))]
    for name in sorted(n for n in names if n in TEXT_MUTATIONS):
        text = TEXT_MUTATIONS[name](text, rng)
    encoding = rng.choice(ENCODINGS) if "encoding" in names else "utf-8"
    data = text.encode(encoding, errors="replace")
    for name in sorted(n for n in names if n in BYTE_MUTATIONS):
        data = BYTE_MUTATIONS[name](data, rng)
    suffix = rng.choice((".txt", ".txt", ".html", ".md"))
    return Mutated(number, source.name, tuple(sorted(names)), suffix, data)


def _short(text: str, keep: int = 60) -> str:
    return repr(text if len(text) <= keep else f"{text[:keep // 2]}…({len(text)} chars)…{text[-keep // 2:]}")


def contract_problems(processed) -> list[str]:
    """What the data contract would refuse in one document's claims (the run writes them all at once)."""
    problems, ids = [], set()
    text = processed.row["text"]
    for c in processed.claims:
        values = (c["value"], c["value_low"], c["value_high"])
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
            problems.append(f"value not a finite number: {values} in {_short(c['quote'])}")
        if c["qualifier"] not in QUALIFIERS or c["kind"] not in KINDS or c["region_level"] not in REGION_LEVELS:
            problems.append(f"unknown qualifier/kind/level: {c['qualifier']}/{c['kind']}/{c['region_level']}")
        if c["claim_id"] in ids:
            problems.append(f"claim_id repeated: {c['claim_id']} ({_short(c['quote'])})")
        ids.add(c["claim_id"])
        if not 0 <= c["start"] < c["end"] <= len(text) or text[c["start"]:c["end"]] != c["quote"]:
            problems.append(f"quote {_short(c['quote'])} is not the text at {c['start']}:{c['end']}")
    return problems


REFUSED = "refused"  # read_document said: not text


def failure(data: bytes, suffix: str, folder: Path) -> str | None:
    """None if the bytes are read and processed cleanly, REFUSED if they are not text; else what went wrong."""
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        document = read_document(path)
    except DocumentError:
        return REFUSED
    except Exception as e:
        return f"read_document: {type(e).__name__}: {e}\n{traceback.format_exc(limit=-3)}"
    try:
        processed = process_document(document)
    except Exception as e:
        return f"process_document: {type(e).__name__}: {e}\n{traceback.format_exc(limit=-3)}"
    problems = contract_problems(processed)
    return "contract: " + "; ".join(problems[:3]) if problems else None


def _same_failure(a: str | None, b: str | None) -> bool:
    """Same stage and exception type (or contract problem): the first line up to the message."""
    return a not in (None, REFUSED) and b not in (None, REFUSED) and a.split("\n")[0].split(":")[:2] == b.split("\n")[0].split(":")[:2]


def minimise(data: bytes, fails: Callable[[bytes], bool], budget: int = 400) -> bytes:
    """A smaller input for which `fails` still holds: delete chunks, halving their size (ddmin-style).

    >>> minimise(b"many words and one X in the middle", lambda d: b"X" in d)
    b'X'
    """
    chunk = max(1, len(data) // 2)
    while chunk >= 1 and budget > 0:
        at, shrunk = 0, False
        while at < len(data) and budget > 0:
            candidate = data[:at] + data[at + chunk:]
            budget -= 1
            if fails(candidate):
                data, shrunk = candidate, True
            else:
                at += chunk
        if not shrunk:
            chunk //= 2
    return data


@dataclass(frozen=True)
class Crash:
    seed: int
    document: Mutated
    failure: str
    minimal: bytes


@dataclass
class FuzzRun:
    docs: int = 0
    refused: int = 0  # DocumentError: not text
    crashes: list[Crash] = field(default_factory=list)
    slowest_s: float = 0.0  # the one document that took longest (a hang shows here)
    slowest: int = -1


def fuzz(docs: int, seed: int, shrink: int = 3, max_doc_s: float = 10.0) -> FuzzRun:
    """Run `docs` mutated documents; the first `shrink` crashes are minimised (each costs up to 400 runs).
    A document that takes longer than `max_doc_s` is a failure too: at scale, a hang is a crash."""
    samples = sorted(SAMPLES.glob("*.txt"))
    run = FuzzRun(docs)
    load_gazetteer()  # built once per process; not part of any document's time
    with tempfile.TemporaryDirectory(prefix="jiuye-fuzz-") as tmp:
        folder = Path(tmp)
        for number in range(docs):
            doc = mutated(seed, number, samples)
            start = time.perf_counter()
            what = failure(doc.data, doc.suffix, folder)
            took = time.perf_counter() - start
            if took > run.slowest_s:
                run.slowest_s, run.slowest = took, number
            run.refused += what == REFUSED
            if what in (None, REFUSED) and took > max_doc_s:
                what = f"slow: {took:.1f} s for one document of {len(doc.data)} bytes"
            elif what in (None, REFUSED):
                continue
            minimal = doc.data
            if len(run.crashes) < shrink and not what.startswith("slow"):  # shrinking a slow one takes hours
                minimal = minimise(doc.data, lambda d: _same_failure(what, failure(d, doc.suffix, folder)))
            run.crashes.append(Crash(seed, doc, what, minimal))
    return run


def report(crash: Crash) -> str:
    doc = crash.document
    return (f"seed={crash.seed} document={doc.number} source={doc.source} suffix={doc.suffix} "
            f"mutations={','.join(doc.mutations)}\n  {crash.failure.strip()}\n"
            f"  minimal input ({len(crash.minimal)} bytes): {crash.minimal[:300]!r}{'…' if len(crash.minimal) > 300 else ''}\n"
            f"  reproduce: python -c \"from bench.fuzz import *; d = mutated({crash.seed}, {doc.number}); "
            f"print(failure(d.data, d.suffix, Path(\'/tmp\')))\"")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="mutated documents to run")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same documents")
    parser.add_argument("--shrink", type=int, default=3, help="minimise the first SHRINK crashes (default 3)")
    parser.add_argument("--max-doc-s", type=float, default=10.0, help="a document slower than this is a failure")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    run = fuzz(args.docs, args.seed, shrink=args.shrink, max_doc_s=args.max_doc_s)
    elapsed = time.perf_counter() - start
    for crash in run.crashes:
        print(report(crash), file=sys.stderr)
    print(f"fuzz_docs={run.docs}")
    print(f"fuzz_refused={run.refused}")
    print(f"fuzz_crashes={len(run.crashes)}")
    print(f"fuzz_s={elapsed:.1f}")
    print(f"fuzz_slowest_doc_s={run.slowest_s:.2f}  (seed {args.seed}, document {run.slowest})")
    return 1 if run.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
