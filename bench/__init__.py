"""Benchmarks of jiuye: `jiuye bench [--quick]` (bench/run.py) over a synthetic corpus
whose claims are known (bench/synthetic.py). See bench/README.md.

This module stays light (argparse only): `jiuye` builds its command line from it.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of `jiuye bench` and `python -m bench`."""
    parser.add_argument("--quick", action="store_true",
                        help="under a minute: a 300-article corpus, 3 repeats, no 10k/100k/1M sizes")
    parser.add_argument("--docs", type=int, help="articles in the throughput corpus (default 2000; 300 with --quick)")
    parser.add_argument("--reps", type=int, help="repeats per throughput figure (default 5; 3 with --quick)")
    parser.add_argument("--keep", type=Path, help="write the corpus and stores to this folder and keep them")
    parser.add_argument("--profile", action="store_true", help="only print a cProfile of process_document")
    return parser
