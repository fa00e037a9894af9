"""Facts: claims that state the same thing, counted once, with their sources and conflicts.

`build_facts(claims)` returns the `facts` table and each claim's fact_id.

- **Same thing**: same region (its code, or its name for a group such as 长株潭),
  metric, kind, year, period, group (the population: 16-24岁, 农民工; empty for
  everyone) and unit, and values that agree *within what each
  quote says*.  A quote stands for an interval of values:

  | quote          | interval                    | why |
  |----------------|-----------------------------|-----|
  | 5.83万 (exact) | 5.825万 … 5.835万           | rounded to its last written digit (precision from the digits and the multiplier) |
  | 9万余, 9万多   | 9万 … 10万                  | more_than: at least the figure, below one more unit of its last non-zero digit (1200多万 → 1200万 … 1300万) |
  | 近9万          | 8万 … 9万                   | nearly: the mirror of more_than |
  | 约100          | 50 … 150                    | about: half a unit of the last non-zero digit either side |
  | 5.0%—5.3%      | 4.95 … 5.35                 | a range: its ends, rounded |

  Claims whose intervals overlap (more than touch) are one fact: 5.8万 and 5.83万, 9万余 and 9万多,
  and also 9万 and 9万余 (a headline that drops the 余 states the same figure) and
  1200多万 and 1206万.  5.8万 and 5.86万 are two facts.  Trailing zeros count as
  written: 1200万 and 1206万 are two facts, as 90% and 94% are.
- Overlap is not transitive (1200多万 overlaps 1206万 and 1249万, which differ), so
  claims join facts most precise first: each claim joins the first fact whose
  interval (the intersection of its claims' intervals) it overlaps, else starts
  one.  A fact's value, quote and qualifier are its most precise claim's.
- **Conflict**: two facts of one key whose documents do not nest — some document
  states the first and not the second and another states the second and not the
  first.  So one document stating a total and its part with one key (城镇新增就业
  5.83万人 … 其中 … 1.2万人 read under the same metric) is no conflict, nor a copy of
  that document stating both again; two documents each stating one value are.
- **A fact of its own**: claims without a region or a year (the same figure
  with no place or time cannot be said to be the same statement) and claims of
  metric `other` (an unknown measure: two `other` figures of equal value may count
  different things, so a reprint count would be a guess) are never merged: each
  is a fact with one claim (fact_id "c" + its claim_id), so every figure the
  dashboard can show — undated ones included — stands behind a fact.
"""
from __future__ import annotations

import bisect
import hashlib
import re

import numpy as np
import pandas as pd
import pyarrow as pa

from extract.contract import FACT_KEY, arrow_frame, columns, region_key, validate

KEY = list(FACT_KEY)  # the columns a fact's claims share (extract.contract)
# On a tie in precision the value comes from a bounded claim before a plain one (9万余 says more than 9万).
QUALIFIER_ORDER = {"more_than": 0, "nearly": 0, "exact": 1, "about": 2}
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def eligible(claims: pd.DataFrame) -> pd.Series:
    """Claims that can state a fact: a known metric, a region and a year."""
    return (claims["metric"] != "other") & (claims["region"] != "") & (claims["year"] != "")


_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?")
_JOINED_DIGITS = re.compile(r"(?<=\d)[\s,，](?=\d)")  # 1 1 00万, 12,000人


def _written_number(quote: str) -> tuple[float, int, int]:
    """(the first Arabic number in a quote, its decimals, the trailing zeros of its integer); (0, 0, 0) if none."""
    found = _NUMBER.search(_JOINED_DIGITS.sub("", quote.translate(_FULL_WIDTH_DIGITS)))
    if not found:
        return 0.0, 0, 0
    integer, fraction = found.group(1), found.group(2) or ""
    zeros = len(integer) - len(integer.rstrip("0")) if integer.strip("0") else 0
    return float(f"{integer}.{fraction or 0}"), len(fraction), zeros


def _trailing_zeros(whole: np.ndarray) -> np.ndarray:
    zeros = np.zeros(len(whole), dtype=np.int64)
    for power in range(1, 16):
        zeros += (whole > 0) & (whole % 10 ** power == 0)
    return zeros


def precision(quotes: pd.Series, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(unit of the last written digit, unit of the last non-zero digit) of each quote, in base units.

    The multiplier comes from the value over the written number (5.83万 → 58300 / 5.83
    = 10⁴), rounded to a power of ten; a quote in Chinese numerals (五个, 一千二百多)
    counts from its value.  Each distinct quote is read once.

    >>> [list(map(float, a)) for a in precision(pd.Series(["5.83万人", "1200多万人", "五个"]), pd.Series([58300.0, 1.2e7, 5.0]))]
    [[100.0, 10000.0, 1.0], [100.0, 1000000.0, 1.0]]
    """
    codes, distinct = pd.factorize(quotes.fillna(""))
    read = np.array([_written_number(q) for q in distinct], dtype=float).reshape(-1, 3)[codes]
    written, decimals, zeros = read[:, 0], read[:, 1], read[:, 2]
    magnitude = values.abs().to_numpy(dtype=float)
    has_digits = written > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(has_digits & (magnitude > 0), 10.0 ** np.round(np.log10(magnitude / written)), 1.0)
    # Chinese numerals (or a written 0): the value's own last non-zero digit.
    from_value = 10.0 ** _trailing_zeros(np.round(magnitude).astype(np.int64))
    last_written = np.where(has_digits, scale * 10.0 ** -decimals, from_value)
    last_non_zero = np.where(has_digits, np.where(decimals > 0, last_written, scale * 10.0 ** zeros), from_value)
    return last_written, last_non_zero


def value_interval(claims: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of the values each claim's quote allows (see the module's table)."""
    last_written, last_non_zero = precision(claims["quote"], claims["value_low"])
    value = claims["value"].to_numpy(dtype=float)
    magnitude = np.abs(value)
    qualifier = claims["qualifier"].to_numpy()
    low = np.select(
        [qualifier == "more_than", qualifier == "nearly", qualifier == "about"],
        [magnitude, magnitude - last_non_zero, magnitude - last_non_zero / 2],
        magnitude - last_written / 2)
    high = np.select(
        [qualifier == "more_than", qualifier == "nearly", qualifier == "about"],
        [magnitude + last_non_zero, magnitude, magnitude + last_non_zero / 2],
        magnitude + last_written / 2)
    # A range: its two ends, each rounded (the qualifier of a range hedges both ends alike).
    value_low, value_high = claims["value_low"].to_numpy(dtype=float), claims["value_high"].to_numpy(dtype=float)
    is_range = value_low != value_high
    low = np.where(is_range, np.minimum(np.abs(value_low), np.abs(value_high)) - last_written / 2, low)
    high = np.where(is_range, np.maximum(np.abs(value_low), np.abs(value_high)) + last_written / 2, high)
    negative = value < 0  # 减少3万余人: the interval of the magnitude, mirrored
    return np.where(negative, -high, low), np.where(negative, -low, high)


def _group_claims(key_code: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """For claims sorted by key, then most precise first: the position of the claim that starts each one's fact.

    A claim joins the earliest-started fact whose interval it overlaps (the fact's
    interval shrinks to the overlap), else starts a fact.  A fact starts only where
    no other lies, and intervals only shrink, so a key's facts stay disjoint and in
    order: the facts a claim overlaps are one run found by bisection, and a key
    with thousands of values (every job fair's own count) stays fast.
    """
    n = len(key_code)
    starter = np.arange(n)
    boundaries = np.flatnonzero(np.diff(key_code)) + 1
    starts, ends = np.r_[0, boundaries], np.r_[boundaries, n]
    tolerance = 1e-9 * np.maximum(np.abs(low), np.abs(high))
    for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
        fact_low, fact_high, fact_start = [], [], []  # sorted by value
        for i in range(start, end):
            # Overlap means more than a touch: 5.8万 (5.75 … 5.85) and 5.9万 (5.85 … 5.95) are two values.
            lo, hi = low[i] + tolerance[i], high[i] - tolerance[i]
            first = bisect.bisect_right(fact_high, lo)
            last = first
            while last < len(fact_low) and fact_low[last] < hi:
                last += 1
            if last > first:
                f = min(range(first, last), key=fact_start.__getitem__)
                fact_low[f], fact_high[f] = max(fact_low[f], low[i]), min(fact_high[f], high[i])
                starter[i] = fact_start[f]
            else:
                fact_low.insert(first, low[i])
                fact_high.insert(first, high[i])
                fact_start.insert(first, i)
    return starter


def _fact_id(heads: pd.DataFrame) -> list[str]:
    """sha1 of the key and the value: the same claims give the same id on every run.

    The group is hashed only when there is one, so a whole-population fact keeps the id it had
    before claims had a group (links and stored views that name it still find it)."""
    values = ["{:.10g}".format(v) for v in heads["value"].to_numpy(dtype=float)]
    without_group = [name for name in KEY if name != "group"]
    keys = zip(*(heads[name].astype(str).tolist() for name in without_group), values)
    groups = heads["group"].astype(str).tolist()
    return [hashlib.sha1("|".join((*key, group) if group else key).encode()).hexdigest()[:16]
            for key, group in zip(keys, groups)]


def _joined(ids: np.ndarray, group: np.ndarray) -> list[str]:
    """' '.join of each group's ids, sorted (groups numbered 0 … k-1, none empty)."""
    order = np.lexsort((ids, group))
    ids, group = ids[order].tolist(), group[order]
    bounds = np.flatnonzero(np.diff(group)) + 1
    return [" ".join(ids[start:end]) for start, end in zip(np.r_[0, bounds], np.r_[bounds, len(ids)])]


def _conflicts(key: np.ndarray, fact: np.ndarray, doc: np.ndarray, n_facts: int) -> np.ndarray:
    """For each fact: do its documents fail to nest with those of another fact of its key?

    Two facts conflict when neither's documents contain the other's: when they
    share no document, or share fewer than the smaller fact has.  Only facts that
    share a document are paired (by joining on the document), so a key with
    thousands of facts from thousands of documents costs no more than its links.
    """
    links = pd.DataFrame({"key": key, "fact": fact, "doc": doc}).drop_duplicates()
    n_docs = np.bincount(links["fact"], minlength=n_facts)
    facts_in_key = links.drop_duplicates("fact").groupby("key")["fact"].transform("size")
    others_in_key = np.zeros(n_facts, dtype=np.int64)
    others_in_key[links.drop_duplicates("fact")["fact"].to_numpy()] = facts_in_key.to_numpy() - 1
    sharing = (links.merge(links, on=["key", "doc"], suffixes=("", "_other"))
               .query("fact != fact_other").groupby(["fact", "fact_other"]).size().rename("shared").reset_index())
    n_sharing = np.bincount(sharing["fact"], minlength=n_facts)
    fact_a, fact_b = sharing["fact"].to_numpy(), sharing["fact_other"].to_numpy()
    fewer = sharing["shared"].to_numpy() < np.minimum(n_docs[fact_a], n_docs[fact_b])
    conflict = n_sharing < others_in_key  # some fact of the key shares no document with it
    conflict[fact_a[fewer]] = True
    return conflict


_FROM_CLAIM = [c for c in columns("facts") if c in columns("claims") and c != "fact_id"]  # a fact's region … quote: its most precise claim's


def build_facts(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """(the facts table, each claim's fact_id as a Series on `claims`' index: every claim has one)."""
    fact_ids = np.full(len(claims), "", dtype=object)
    usable = eligible(claims).to_numpy()
    work = claims.loc[usable, list(dict.fromkeys(_FROM_CLAIM + ["claim_id", "doc_id"]))].reset_index(drop=True)
    if work.empty:
        alone = _facts_of_their_own(claims.loc[~usable])
        fact_ids[~usable] = alone["fact_id"].to_numpy()
        return alone[columns("facts")].reset_index(drop=True), pd.Series(fact_ids, index=claims.index)
    work["region_key"] = region_key(work)
    low, high = value_interval(work)
    key = work.groupby(KEY, sort=False).ngroup().to_numpy()
    claim_rank = pd.factorize(work["claim_id"], sort=True)[0]
    qualifier_rank = work["qualifier"].map(QUALIFIER_ORDER).fillna(3).to_numpy()
    order = np.lexsort((claim_rank, qualifier_rank, high - low, key))  # by key, then most precise first
    head_of = np.empty(len(work), dtype=np.int64)
    head_of[order] = order[_group_claims(key[order], low[order], high[order])]
    heads = np.unique(head_of)  # each fact's most precise claim (a row of `work`)
    fact = np.searchsorted(heads, head_of)  # facts numbered 0 … len(heads)-1
    doc = pd.factorize(work["doc_id"])[0]
    facts = work.iloc[heads].reset_index(drop=True)
    facts["fact_id"] = _fact_id(facts)
    facts["n_claims"] = np.bincount(fact)
    facts["n_sources"] = np.bincount(np.unique(np.stack([fact, doc]), axis=1)[0])
    facts["claim_ids"] = _joined(work["claim_id"].to_numpy(), fact)
    facts["conflict"] = _conflicts(key, fact, doc, len(heads))
    for name in ("year_from", "year_to"):
        facts[name] = facts[name].astype("Int64")
    fact_ids[usable] = facts["fact_id"].to_numpy()[fact]
    alone = _facts_of_their_own(claims.loc[~usable])
    fact_ids[~usable] = alone["fact_id"].to_numpy()
    facts = pd.concat([facts[columns("facts")], alone[columns("facts")]], ignore_index=True)
    facts = facts[columns("facts")].sort_values(["metric", "region", "year", "period", "group", "kind", "value", "fact_id"])
    return facts.reset_index(drop=True), pd.Series(fact_ids, index=claims.index)


def _facts_of_their_own(claims: pd.DataFrame) -> pd.DataFrame:
    """One fact per claim, for claims that cannot be matched with others (see the module's docstring)."""
    alone = claims[_FROM_CLAIM].copy()
    alone["fact_id"] = "c" + claims["claim_id"].astype(str)
    alone["n_claims"] = alone["n_sources"] = 1
    alone["conflict"] = False
    alone["claim_ids"] = claims["claim_id"].astype(str)
    for name in ("year_from", "year_to"):
        alone[name] = alone[name].astype("Int64")
    return alone.reset_index(drop=True)


def facts_of_partition(claims: pa.Table) -> tuple[pa.Table, pa.Table]:
    """`build_facts` for a worker: claims of some fact keys (all claims of each) in, the facts table and the
    claim_id → fact_id links out, as Arrow tables (cheap to send between processes)."""
    facts, fact_ids = build_facts(arrow_frame(claims))
    links = pa.table({"claim_id": claims.column("claim_id"), "fact_id": pa.array(fact_ids.to_numpy(), pa.string())})
    return validate("facts", pa.Table.from_pandas(facts, preserve_index=False)), links
