"""Near-duplicate documents: signatures, LSH candidates, containment, groups, borrowed metadata.

The bar is the sample corpus: 000 (株洲日报's web article, dated) and 003 (the PDF
newspaper page that prints it among other articles, undated) are one story.
"""
import dataclasses
import datetime
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xxhash
from datasketch import MinHash

from extract.corpus import duplicates
from extract import signature as minhash
from extract.read.reader import read_document
from extract.corpus.gather import extract_paths
from extract.pipeline import process_document

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
WEB, PDF = "000_e4ae8a90c5758aeb", "003_560e64ab9dc50251"
OTHERS = ["001_5b309cc66324928c", "002_3d1692eb5dbbc894", "004_3f0cc9cd5d3e3597"]


@pytest.fixture(scope="module")
def sample_documents():
    documents = extract_paths([str(CORPUS)])["documents"]
    return with_signatures(documents)


def with_signatures(documents: pd.DataFrame) -> pd.DataFrame:
    signed = [minhash.signature(text) for text in documents["text"]]
    return documents.assign(minhash=[s for s, _ in signed], shingles=[n for _, n in signed],
                            text_length=documents["text"].str.len())


def frame(rows):
    """Documents from (doc_id, text, date, source) rows, signed."""
    documents = pd.DataFrame(rows, columns=["doc_id", "text", "date", "source"])
    documents["home_region"] = documents["source"].map({"株洲日报": "株洲市"}).fillna("")
    documents["home_region_code"] = documents["source"].map({"株洲日报": "430200"}).fillna("")
    return with_signatures(documents)


def sample_text(doc_id: str) -> str:
    documents = extract_paths([str(CORPUS / f"{doc_id}.txt")])["documents"]
    return documents["text"].iloc[0]


# ---------------------------------------------------------------------------
# Signatures.


@pytest.mark.parametrize("text, read", [
    ("城鎮新增就業 1,100萬人（2022年）", "城镇新增就业1100万人2022年"),  # traditional, full-width, punctuation, spaces
    ("民生为本，就业优先。\n2021年，我市聚焦", "民生为本就业优先2021年我市聚焦"),
    ("App等平台", "app等平台"),
])
def test_signature_reads_letters_and_digits_in_simplified_characters(text, read):
    assert minhash.shingle_text(text) == read


def test_a_reprint_punctuated_differently_has_the_same_signature():
    web = "民生为本，就业优先。2021年，我市聚焦就业创业领域，在创新优化就业服务、升级创业带动就业等方面发力。"
    pdf = "民生为本,就业优先。\n2021年,我市聚焦就业创业领域,在创新优化就业服务、\n升级创业带动就业等方面发力。"
    assert minhash.signature(web) == minhash.signature(pdf)


def test_signature_is_1_kib_and_counts_distinct_shingles():
    values, count = minhash.signature("就业优先就业优先就业优先")  # 12 characters: 5 windows of 8, the 1st and 5th alike
    assert len(values) == minhash.NUM_PERM * 4
    assert count == 4


@pytest.mark.parametrize("text, count", [("", 0), ("，。 ", 0), ("就业", 1)])
def test_a_text_shorter_than_a_shingle_is_its_own_shingle_or_none(text, count):
    assert minhash.signature(text)[1] == count


def test_permutations_are_datasketchs():
    reference = MinHash(num_perm=minhash.NUM_PERM, seed=1, scheme="affine32").permutations
    assert np.array_equal(minhash._permutations(), reference) and minhash._permutations().dtype == reference.dtype


def test_extracting_does_not_import_datasketch_or_scipy():
    # datasketch is the tests' reference only: in the extractor it would pull in scipy (~40 MB a process)
    code = ("import sys; from extract.corpus.workers import warm_up; warm_up(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'datasketch', 'scipy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("text", [
    "", "就业", "就业优先就业优先", "就业优先就业优先就业优先",
    "民生为本，就业优先。2021年，我市聚焦就业创业领域，在创新优化就业服务、升级创业带动就业等方面发力。",
    "App平台𠀀𪚥城镇新增就业1100万人" * 40,  # one, two, three and four UTF-8 bytes a character; over one block of shingles
    "Ünïcödé就业优先" * 3 + "稳就业保民生" * 7,
])
def test_signature_is_datasketchs_minhash_of_the_shingles(text):
    # computed without a MinHash object per document, it must stay the very MinHash stored signatures hold
    reference = MinHash(num_perm=minhash.NUM_PERM, hashfunc=xxhash.xxh32_intdigest, seed=1, scheme="affine32")
    reference.update_batch(minhash.shingles(text))
    assert minhash.signature(text) == (reference.hashvalues.astype("<u4").tobytes(), len(minhash.shingles(text)))


@pytest.mark.parametrize("text", [
    "城镇新增就业1100万人",  # three bytes a character, and one
    "App平台2022年Ünïcödé城镇",  # two bytes
    "𠀀𪚥𠀀𪚥𠀀𪚥𠀀𪚥𠀀就业",  # four bytes: windows of 32 bytes, two whole stripes
    "abcdefghijklmnopqrstuvwxyz0123456789",  # eight bytes: no stripe, words only
    "就业ab就业abc就业abcd就业",  # every remainder of words and single bytes
    "稳就业保民生" * 11000 + "𠀀Ü1",  # more windows than one chunk hashes at a time
])
def test_window_hashes_are_xxh32_of_each_shingle(text):
    hashes = minhash._window_hashes(text)
    k = minhash.SHINGLE_CHARS
    assert hashes.tolist() == [xxhash.xxh32_intdigest(text[i:i + k].encode()) for i in range(len(text) - k + 1)]


def test_two_shingles_with_one_hash_are_still_counted_apart():
    # found by drawing random 8-character shingles until two had the same xxh32 (3673102089)
    first, second = "逗分籇蘈灹丼誜纳", "雾忬嘉阼鼊鬰箱屵"
    assert xxhash.xxh32_intdigest(first.encode()) == xxhash.xxh32_intdigest(second.encode())
    assert minhash.signature(f"{first}，{second}")[1] == 9  # 16 characters: 9 windows, all different


def test_signature_is_the_same_in_every_process():
    # Stored signatures are compared across runs: the bytes must not depend on the process (no salted hash).
    code = "from extract.signature import signature; print(signature('2021年，我市聚焦就业创业领域')[0].hex())"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert runs == {minhash.signature("2021年，我市聚焦就业创业领域")[0].hex() + "\n"}


# ---------------------------------------------------------------------------
# The sample corpus bar.


def test_the_pdf_page_and_the_web_article_are_one_story(sample_documents):
    assert duplicates.duplicate_groups(sample_documents) == {WEB: WEB, PDF: WEB}


def test_their_containment_is_high_though_their_jaccard_is_low(sample_documents):
    pairs = duplicates.duplicate_pairs(sample_documents)
    assert list(zip(pairs["doc_a"], pairs["doc_b"])) == [(WEB, PDF)]
    jaccard, containment = pairs[["jaccard", "containment"]].iloc[0]
    assert jaccard < 0.4  # the page is four times the article
    assert containment > 0.8


def test_the_pdf_copy_borrows_the_web_articles_date(sample_documents):
    groups = duplicates.duplicate_groups(sample_documents)
    assert duplicates.borrowed_metadata(sample_documents, groups) == {PDF: {"date": datetime.date(2022, 1, 10)}}


def test_read_again_with_the_borrowed_date_the_pdf_copys_last_year_is_2021(sample_documents):
    document = read_document(CORPUS / f"{PDF}.txt")
    before = pd.DataFrame(process_document(document).claims)
    borrowed = duplicates.borrowed_metadata(sample_documents, duplicates.duplicate_groups(sample_documents))[PDF]
    after = pd.DataFrame(process_document(dataclasses.replace(document, **borrowed)).claims)
    # 去年4月，我市再次启动了“百人百企进百村”专项行动。市人社局组建了100余人的招工小分队
    def year_of(claims, quote):
        return claims.loc[claims["quote"] == quote, "year"].iloc[0]
    assert year_of(before, "100余人") == "2020"  # undated: 去年 counted from the page's 2021
    assert year_of(after, "100余人") == "2021"
    web = pd.DataFrame(process_document(read_document(CORPUS / f"{WEB}.txt")).claims)
    assert year_of(after, "100余人") == year_of(web, "100余人")


# ---------------------------------------------------------------------------
# Grouping rules, on frames built from the sample articles' text.


@pytest.fixture(scope="module")
def articles():
    return {name: sample_text(doc_id) for name, doc_id in [("zhuzhou", WEB), ("zhangye", OTHERS[2]), ("jingji", OTHERS[1])]}


def test_an_undated_page_printing_two_articles_joins_one_and_they_stay_apart(articles):
    page = "\n".join([articles["zhuzhou"], articles["zhangye"], articles["jingji"]])
    documents = frame([
        ("web_zhuzhou", articles["zhuzhou"], datetime.date(2022, 1, 10), "株洲日报"),
        ("web_zhangye", articles["zhangye"], datetime.date(2022, 3, 8), "张掖日报"),
        ("page", page, None, ""),
    ])
    groups = duplicates.duplicate_groups(documents)
    longer = max(["web_zhuzhou", "web_zhangye"], key=lambda d: len(documents.set_index("doc_id").at[d, "text"]))
    assert groups == {"page": longer, longer: longer}


@pytest.mark.parametrize("rows, canonical", [
    # (doc_id, date, extra text) — the copy with a date wins …
    ([("a_undated", None, "全文完。本版责任编辑：李华，校对：王明。"), ("b_dated", datetime.date(2022, 1, 10), "")], "b_dated"),
    # … then the longer text …
    ([("a_short", datetime.date(2022, 1, 10), ""), ("b_long", datetime.date(2022, 1, 11), "全文完。本版责任编辑：李华，校对：王明。")], "b_long"),
    # … then the smaller doc_id.
    ([("b_same", datetime.date(2022, 1, 10), ""), ("a_same", datetime.date(2022, 1, 10), "")], "a_same"),
])
def test_the_canonical_copy_has_a_date_then_the_longer_text_then_the_smaller_doc_id(articles, rows, canonical):
    documents = frame([(doc_id, articles["zhuzhou"] + extra, date, "株洲日报") for doc_id, date, extra in rows])
    groups = duplicates.duplicate_groups(documents)
    assert set(groups.values()) == {canonical}
    assert set(groups) == {doc_id for doc_id, _, _ in rows}


def test_different_articles_on_one_topic_are_not_grouped(sample_documents):
    groups = duplicates.duplicate_groups(sample_documents)
    assert not set(groups) & set(OTHERS)


def test_a_headline_alone_is_not_a_copy_of_the_page_it_heads(articles):
    # Wholly inside the page, but two dozen shingles against 1 500: too few to estimate containment from.
    headline = "2021年“就业创业”工作有这些大事，春风行动、直播送岗、打造特色劳务品牌"
    documents = frame([("headline", headline, None, ""), ("article", articles["zhuzhou"], datetime.date(2022, 1, 10), "株洲日报")])
    assert duplicates.duplicate_groups(documents) == {}


def test_a_document_without_a_signature_pairs_with_nothing(sample_documents):
    unsigned = sample_documents.assign(
        shingles=np.where(sample_documents["doc_id"] == PDF, None, sample_documents["shingles"]))
    assert duplicates.duplicate_groups(unsigned) == {}


@pytest.mark.parametrize("lacks, lender_has, borrowed", [
    ({"date": None}, {"date": datetime.date(2022, 1, 10)}, {"date": datetime.date(2022, 1, 10)}),
    ({"source": "", "home_region": "", "home_region_code": ""},
     {"source": "株洲日报", "home_region": "株洲市", "home_region_code": "430200"},
     {"source": "株洲日报", "home_region": "株洲市", "home_region_code": "430200"}),
    ({"source": "株洲日报"}, {"source": "湖南日报"}, {}),  # what a copy has, it keeps
])
def test_borrowed_metadata_fills_only_what_a_copy_lacks(lacks, lender_has, borrowed):
    base = {"date": datetime.date(2022, 1, 10), "source": "株洲日报", "home_region": "株洲市", "home_region_code": "430200"}
    documents = pd.DataFrame([{"doc_id": "copy", **base, **lacks}, {"doc_id": "canonical", **base, **lender_has}])
    groups = {"copy": "canonical", "canonical": "canonical"}
    assert duplicates.borrowed_metadata(documents.assign(text_length=[1, 2]), groups).get("copy", {}) == borrowed


def test_the_canonical_copy_borrows_from_its_copies_too():
    documents = pd.DataFrame([
        {"doc_id": "web", "date": datetime.date(2022, 1, 10), "source": "", "home_region": "", "home_region_code": "", "text_length": 1591},
        {"doc_id": "pdf", "date": None, "source": "株洲日报", "home_region": "株洲市", "home_region_code": "430200", "text_length": 6214},
    ])
    borrowed = duplicates.borrowed_metadata(documents, {"web": "web", "pdf": "web"})
    assert borrowed == {"web": {"source": "株洲日报", "home_region": "株洲市", "home_region_code": "430200"},
                        "pdf": {"date": datetime.date(2022, 1, 10)}}


# ---------------------------------------------------------------------------
# LSH candidates and the containment estimate, on synthetic signatures.


def random_signatures(n, seed=0):
    return np.random.default_rng(seed).integers(0, 2**32, size=(n, minhash.NUM_PERM), dtype=np.uint64).astype(np.uint32)


def test_bands_find_rows_that_agree_on_one_band_only():
    signatures = random_signatures(6)
    signatures[4, 10:12] = signatures[1, 10:12]  # one band (rows 10, 11) in common
    signatures[5, 11:13] = signatures[2, 11:13]  # two rows in common, but across two bands
    assert duplicates.candidate_pairs(signatures).tolist() == [[1, 4]]


def test_a_pair_found_in_many_bands_is_one_candidate():
    signatures = random_signatures(3)
    signatures[2] = signatures[0]
    assert duplicates.candidate_pairs(signatures).tolist() == [[0, 2]]


def test_a_huge_bucket_pairs_its_members_with_its_first_member_only():
    signatures = random_signatures(duplicates._BUCKET_CLIQUE + 5)
    signatures[:, :2] = 7  # every row shares band 0 (a boilerplate-only page copied everywhere)
    pairs = duplicates.candidate_pairs(signatures)
    assert len(pairs) == len(signatures) - 1
    assert len(np.unique(pairs[:, 0])) == 1


@pytest.mark.parametrize("jaccard, sizes, containment", [
    (1.0, (1500, 1500), 1.0),        # the same text
    (0.25, (1500, 6000), 1.0),       # an article wholly inside a page four times its size
    (0.125, (1500, 1500), 0.222),    # two articles sharing a fifth of their text
])
def test_containment_is_estimated_from_jaccard_and_the_two_sizes(jaccard, sizes, containment):
    signatures = random_signatures(2, seed=1)
    shared = int(round(jaccard * minhash.NUM_PERM))
    signatures[1, :shared] = signatures[0, :shared]
    estimated_jaccard, estimated = duplicates.estimated_overlap(signatures, np.array(sizes), np.array([[0, 1]]))
    assert estimated_jaccard[0] == pytest.approx(jaccard)
    assert estimated[0] == pytest.approx(containment, abs=0.001)


def test_planted_copies_among_many_unrelated_signatures_are_found_and_nothing_else():
    n = 5_000
    signatures = random_signatures(n, seed=2)
    rng = np.random.default_rng(3)
    planted = rng.choice(n, size=(40, 2), replace=False)
    for original, copy in planted:  # each copy wholly inside a page three times its size (Jaccard 1/3)
        take = rng.random(minhash.NUM_PERM) < 1 / 3
        signatures[copy, take] = signatures[original, take]
    counts = np.full(n, 1000)
    counts[planted[:, 0]] = 3000
    documents = pd.DataFrame({"doc_id": [f"d{i:05d}" for i in range(n)],
                              "minhash": [row.astype("<u4").tobytes() for row in signatures], "shingles": counts})
    found = duplicates.duplicate_pairs(documents)
    expected = {tuple(sorted((f"d{a:05d}", f"d{b:05d}"))) for a, b in planted}
    assert set(zip(found["doc_a"], found["doc_b"])) == expected
