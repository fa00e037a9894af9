"""Stores for the dashboard's tests, written with `extract.corpus.store.write_store`.

`sample_tables()` is a small hand-written store in the shape `jiuye extract`
writes, mostly with real figures of the sample corpus (gold: shared/eval/gold/seeds.jsonl):
株洲市 2022 城镇新增就业 5.83万人, 甘州区 2021 8303人, 长沙市 85场, 甘肃省 84场,
the 长株潭 group's 9万余个, lower bounds (余/多), a target, an `other` figure,
a traditional-character document, text that would be a spreadsheet formula
(= - ＝) and text that would be HTML. Figures not in the corpus say so.

Facts (`facts_of`) group the claims the way extract/contract.py declares them:
claims with the same region, metric, kind, year, period, unit and value are one
fact; facts of one such key with different values conflict. Among them: the
长株潭 2021 9万余个 job posts stated by both 株洲日报 copies (000 and its
undated PDF copy 003): one fact, two sources; 株洲市 2022 5.83万人 in a
simplified and a traditional paper: one fact, two sources; 甘州区 2021 8303人
against a made-up 8300人 in another paper: a conflict.

The sample corpus's real store (what `jiuye extract data/corpus` writes) is built
in test_app_seeds.py, which checks every scored claim can be reached through the UI.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from extract.contract import columns

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "eval" / "gold" / "seeds.jsonl"
CORPUS = REPO / "data" / "corpus"

METRICS = [  # first four columns of shared/spec/metrics.csv
    ("urban_new_jobs", "城镇新增就业", "New urban jobs", "人"),
    ("rural_labor_transfer", "农村劳动力转移就业", "Rural labour transferred into work", "人"),
    ("job_fairs", "招聘会场次", "Job fairs and recruitment events held", "场"),
    ("job_posts", "提供岗位", "Job posts offered or published", "个"),
    ("employers", "参与企业", "Employers taking part or served", "家"),
    ("jobseekers_served", "服务求职者", "Job seekers served or attending", "人次"),
    ("hiring_intents", "达成就业意向", "Hiring intentions or agreements reached", "人"),
    ("skills_training", "职业技能培训", "Vocational skills training", "人次"),
    ("entrepreneurship_training", "创业培训", "Entrepreneurship training", "人次"),
    ("hard_to_employ_employed", "就业困难人员就业", "Hard-to-employ people placed in jobs", "人"),
    ("unemployed_reemployed", "失业人员再就业", "Unemployed people re-employed", "人"),
    ("labor_service_income", "劳务收入", "Labour-service income", "元"),
    ("registered_unemployment_rate", "城镇登记失业率", "Registered urban unemployment rate", "%"),
    ("surveyed_unemployment_rate", "城镇调查失业率", "Surveyed urban unemployment rate", "%"),
    ("jobs_driven", "带动就业", "Jobs driven by enterprises or start-ups", "人"),
    ("public_welfare_posts", "公益性岗位", "Public-welfare posts", "个"),
    ("startup_loans", "创业担保贷款", "Start-up guarantee loans issued", "元"),
    ("new_market_entities", "新增市场主体", "New market entities registered", "户"),
    ("returnee_entrepreneurs", "返乡就业创业", "Returnees taking up work or starting businesses", "人"),
    ("online_viewers", "在线观看", "Online viewers of live-streamed recruitment", "人次"),
]

# name → (code, level, province, city, county)
REGIONS = {
    "全国": ("100000", "country", "", "", ""),
    "湖南省": ("430000", "province", "湖南省", "", ""),
    "长沙市": ("430100", "city", "湖南省", "长沙市", ""),
    "望城区": ("430112", "county", "湖南省", "长沙市", "望城区"),
    "株洲市": ("430200", "city", "湖南省", "株洲市", ""),
    "湘潭市": ("430300", "city", "湖南省", "湘潭市", ""),
    "攸县": ("430223", "county", "湖南省", "株洲市", "攸县"),
    "酒埠江镇": ("", "town", "湖南省", "株洲市", "攸县"),
    "长株潭": ("", "group", "湖南省", "", ""),
    "甘肃省": ("620000", "province", "甘肃省", "", ""),
    "张掖市": ("620700", "city", "甘肃省", "张掖市", ""),
    "甘州区": ("620702", "county", "甘肃省", "张掖市", "甘州区"),
    "山东省": ("370000", "province", "山东省", "", ""),
    "淄博市": ("370300", "city", "山东省", "淄博市", ""),
    "烟台市": ("370600", "city", "山东省", "烟台市", ""),
    "福山区": ("370611", "county", "山东省", "烟台市", "福山区"),
    "龙口市": ("370681", "county", "山东省", "烟台市", "龙口市"),
}

DOCS = [  # doc_id, title, date, source, home_region, text
    ("zz_2023", "全力稳就业 筑牢压舱石", "2023-02-08", "株洲市人社局", "株洲市",
     "2022年，全市城镇新增就业5.83万人，农村劳动力转移就业2.17万人。"
     "全年组织各类招聘活动近400场，参与企业8000余家次，进场求职18.9万人次。"),
    ("jj_2022", "从面对面到屏对屏——各地稳就业举措亮点纷呈", "2022-04-05", "经济日报", "",
     "长沙市举办线上线下招聘会85场，82家企业参与直播带岗。"
     "湖南省今年以来共举办招聘活动1600余场。"
     "甘肃省举办各类招聘活动84场，参与企业2000余家。"),
    ("zy_2022", "稳住民生“压舱石”", "2022-03-08", "张掖日报", "甘州区",
     "2021年，甘州区城镇新增就业8303人，转移农村劳动力8.43万人。"
     "“十三五”期间累计输转城乡劳动力42.21万人。"
     "2022年力争城镇新增就业8500人以上。"),  # the 8500 target is made up for the test
    ("zz_2022", "2021年“就业创业”工作有这些大事", "2022-01-10", "株洲日报", "株洲市",
     "去年，市人社局组建100余人的招工小分队，深入五县(市)区100余个行政村。"
     "攸县酒埠江镇94户困难家庭得到救助。"
     "长株潭三市共提供就业岗位9万余个。"),
    ("zz_2022_pdf", "2021年“就业创业”工作有这些大事", None, "株洲日报", "株洲市",  # the PDF copy (003): no date
     "长株潭三市共提供就业岗位9万余个。"),
    ("gs_2022", "甘州区就业工作综述", "2022-03-20", "甘肃日报", "甘州区",  # made up: a rival figure
     "2021年，甘州区城镇新增就业8300人。"),
    ("xt_2022", "湘潭市人才招聘", "2022-02-01", "湘潭日报", "湘潭市",  # made up: 湘潭's job fairs of 2021
     "2021年，湘潭市举办招聘会120场。"),
    ("formula", "=HYPERLINK(\"http://example.invalid\",\"点我\")", "2022-06-01", "", "湘潭市",
     "-2022年湘潭市城镇新增就业3.1万人<b>粗体</b><script>alert(1)</script>。"
     "＝全市提供岗位1.2万个。"),  # made-up figures: text a spreadsheet would run, and HTML that must stay text
    ("trad", "株洲市就業工作", "2023-01-20", "大公報", "株洲市",
     "2022年，株洲市城鎮新增就業5.83萬人，完成全年目標。"),
    ("nodate", "株洲市清水塘地区搬迁", None, "", "株洲市",
     "清水塘地区曾聚集了261家企业。"),
]

# doc_id, quote, value, unit, qualifier, kind, metric, region, year
CLAIMS = [
    ("zz_2023", "5.83万人", 58300, "人", "exact", "level", "urban_new_jobs", "株洲市", "2022"),
    ("zz_2023", "2.17万人", 21700, "人", "exact", "level", "rural_labor_transfer", "株洲市", "2022"),
    ("zz_2023", "近400场", 400, "场", "nearly", "level", "job_fairs", "株洲市", "2022"),
    ("zz_2023", "8000余家次", 8000, "家次", "more_than", "level", "employers", "株洲市", "2022"),
    ("zz_2023", "18.9万人次", 189000, "人次", "exact", "level", "jobseekers_served", "株洲市", "2022"),
    ("jj_2022", "85场", 85, "场", "exact", "level", "job_fairs", "长沙市", "2022"),
    ("jj_2022", "82家", 82, "家", "exact", "level", "employers", "长沙市", "2022"),
    ("jj_2022", "1600余场", 1600, "场", "more_than", "level", "job_fairs", "湖南省", "2022"),
    ("jj_2022", "84场", 84, "场", "exact", "level", "job_fairs", "甘肃省", "2022"),
    ("jj_2022", "2000余家", 2000, "家", "more_than", "level", "employers", "甘肃省", "2022"),
    ("zy_2022", "8303人", 8303, "人", "exact", "level", "urban_new_jobs", "甘州区", "2021"),
    ("zy_2022", "8.43万人", 84300, "人", "exact", "level", "rural_labor_transfer", "甘州区", "2021"),
    ("zy_2022", "42.21万人", 422100, "人", "exact", "level", "rural_labor_transfer", "甘州区", "2016-2020"),
    ("zy_2022", "8500人以上", 8500, "人", "more_than", "target", "urban_new_jobs", "甘州区", "2022"),
    ("zz_2022", "100余人", 100, "人", "more_than", "level", "other", "株洲市", "2021"),
    ("zz_2022", "94户", 94, "户", "exact", "level", "other", "酒埠江镇", ""),
    ("zz_2022", "9万余个", 90000, "个", "more_than", "level", "job_posts", "长株潭", "2021"),
    ("zz_2022_pdf", "9万余个", 90000, "个", "more_than", "level", "job_posts", "长株潭", "2021"),
    ("gs_2022", "8300人", 8300, "人", "exact", "level", "urban_new_jobs", "甘州区", "2021"),
    ("xt_2022", "120场", 120, "场", "exact", "level", "job_fairs", "湘潭市", "2021"),
    ("formula", "3.1万人", 31000, "人", "exact", "level", "urban_new_jobs", "湘潭市", "2022"),
    ("formula", "1.2万个", 12000, "个", "exact", "level", "job_posts", "湘潭市", "2022"),
    ("trad", "5.83萬人", 58300, "人", "exact", "level", "urban_new_jobs", "株洲市", "2022"),
    ("nodate", "261家", 261, "家", "exact", "level", "other", "株洲市", ""),
]

_SENTENCE_END = re.compile(r"[。！？!?\n]")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding [start, end): from after the last stop before it to its own stop."""
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = _SENTENCE_END.search(text, end)
    return text[before:stop.end() if stop else len(text)].strip()


def claim_row(doc_id: str, text: str, quote: str, value, unit, qualifier, kind, metric, region, year,
              search_from: int = 0) -> dict:
    start = text.find(quote, search_from)
    if start < 0:
        start = text.find(quote)
    end = start + len(quote) if start >= 0 else 0
    start = max(start, 0)
    code, level, province, city, county = REGIONS.get(region, ("", "", "", "", ""))
    if year and "-" in year:
        year_from, year_to = (int(y) for y in year.split("-"))
    elif year:
        year_from = year_to = int(year)
    else:
        year_from = year_to = None
    return {
        "claim_id": f"{doc_id}:{start}:{end}", "doc_id": doc_id, "quote": quote, "value": float(value),
        "value_low": float(value), "value_high": float(value), "unit": unit, "qualifier": qualifier,
        "kind": kind, "metric": metric, "label": metric, "region": region, "region_code": code,
        "region_level": level, "province": province, "city": city, "county": county,
        "year": year, "year_from": year_from, "year_to": year_to, "period": "", "group": "", "region_basis": "sentence", "year_basis": "sentence",
        "sentence": sentence_around(text, start, end) if end else quote, "start": start, "end": end, "fact_id": "",
    }


def document_row(doc_id, title, date, source, home, text, path="") -> dict:
    return {
        "doc_id": doc_id, "title": title, "date": pd.Timestamp(date).date() if date else None,
        "source": source, "home_region": home, "home_region_code": REGIONS.get(home, ("",))[0],
        "path": path or f"data/corpus/{doc_id}.txt", "encoding": "utf-8", "content_hash": "0" * 64, "text": text,
        "duplicate_of": "",
    }


def tables(docs: list[dict], claims: list[dict]) -> dict[str, pd.DataFrame]:
    frame = pd.DataFrame(claims, columns=columns("claims"))
    for col in ("year_from", "year_to"):
        frame[col] = frame[col].astype("Int64")
    facts = facts_of(frame)
    return {
        "documents": pd.DataFrame(docs, columns=columns("documents")),
        "claims": frame,
        "errors": pd.DataFrame({c: pd.Series(dtype=object) for c in columns("errors")}),
        "metrics": pd.DataFrame(METRICS, columns=columns("metrics")),
        "facts": facts,
        "meta": pd.DataFrame({c: pd.Series(dtype=object) for c in columns("meta")}),
        "files": pd.DataFrame({c: pd.Series(dtype=object if c == "path" else "int64") for c in columns("files")}),
    }


FACT_KEY = ["region", "region_code", "metric", "kind", "year", "period", "group", "unit"]


def facts_of(claims: pd.DataFrame) -> pd.DataFrame:
    """The facts the claims state (the contract's definition), and each claim's fact_id filled in, in place."""
    rows = []
    groups = claims.groupby(FACT_KEY + ["value"], sort=True, dropna=False)
    values_per_key = claims.groupby(FACT_KEY, dropna=False)["value"].nunique()
    for key, group in groups:
        first = group.sort_values("claim_id").iloc[0]
        fact_id = "f:" + "|".join(str(k) for k in key)
        claims.loc[group.index, "fact_id"] = fact_id
        rows.append({
            "fact_id": fact_id, **{c: first[c] for c in ("region", "region_code", "region_level", "province", "city",
                                                       "county", "metric", "kind", "year", "year_from", "year_to",
                                                       "period", "group", "value", "value_low", "value_high", "unit",
                                                       "qualifier", "quote")},
            "n_claims": len(group), "n_sources": group["doc_id"].nunique(),
            "conflict": bool(values_per_key[tuple(key[:-1])] > 1),
            "claim_ids": " ".join(sorted(group["claim_id"])),
        })
    facts = pd.DataFrame(rows, columns=columns("facts"))
    for col in ("year_from", "year_to"):
        facts[col] = facts[col].astype("Int64")
    return facts


def sample_tables() -> dict[str, pd.DataFrame]:
    texts = {d[0]: d[5] for d in DOCS}
    docs = [document_row(*d) for d in DOCS]
    claims = [claim_row(c[0], texts[c[0]], *c[1:]) for c in CLAIMS]
    return tables(docs, claims)


# --- a store from the seed gold and the sample corpus ---------------------------------

_FRONT = re.compile(r"^---\n(.*?)\n---\n", re.S)

# where browser tests leave their screenshots (gitignored), and the only hosts a page may ask
SHOTS = Path(__file__).resolve().parent / "screenshots"
LOCAL = {"127.0.0.1", "localhost"}


@contextmanager
def serving(store) -> Iterator[str]:
    """The dashboard over the store at `store` on a free localhost port, not logging requests: its base URL.
    Browser tests drive it; the server stops when the block ends."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    from app import create_app

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    server = make_server("127.0.0.1", 0, create_app(store).server, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(5)
