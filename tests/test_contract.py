"""The data contract (extract/contract.py): the same rules hold for rows in pandas and in Arrow."""
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from extract.contract import ContractError, arrow_frame, arrow_table, columns, validate
from extract.corpus.gather import extract_paths

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
CLAIMS = extract_paths([CORPUS])["claims"].head(3)


def _with(frame: pd.DataFrame, **values) -> pd.DataFrame:
    frame = frame.copy()
    for name, value in values.items():
        frame[name] = value
    return frame


# (what is wrong, the claims, the message)
BROKEN = [
    ("a column is missing", CLAIMS.drop(columns=["quote"]), r"claims: missing columns \['quote'\]"),
    ("an empty value where none is allowed", _with(CLAIMS, metric=[None, "other", "other"]), r"claims.metric: 1 empty values"),
    ("an unknown qualifier", _with(CLAIMS, qualifier=["exact", "roughly", "exact"]), r"claims.qualifier: unknown values \['roughly'\]"),
    ("an unknown kind", _with(CLAIMS, kind=["level", "level", "guess"]), r"claims.kind: unknown values \['guess'\]"),
    ("a claim_id twice", _with(CLAIMS, claim_id=["a", "a", "b"]), r"claims.claim_id: duplicate ids"),
]


@pytest.mark.parametrize("what, claims, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_pandas_rows_that_break_the_contract_are_refused(what, claims, message):
    with pytest.raises(ContractError, match=message):
        validate("claims", claims)


@pytest.mark.parametrize("what, claims, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_arrow_rows_that_break_the_contract_are_refused_alike(what, claims, message):
    table = pa.Table.from_pandas(claims.astype({c: object for c in claims.columns if c in ("year_from", "year_to")}),
                                 preserve_index=False)
    with pytest.raises(ContractError, match=message):
        validate("claims", table)


def test_rows_become_an_arrow_table_and_read_back_unchanged():
    rows = CLAIMS.drop(columns=["fact_id"]).astype(object).where(CLAIMS.drop(columns=["fact_id"]).notna(), None)
    table = arrow_table("claims", rows.to_dict("records"), fill={"fact_id": ""})
    back = arrow_frame(table)
    assert list(back.columns) == columns("claims")
    assert back["fact_id"].tolist() == ["", "", ""]
    assert back.drop(columns=["fact_id"]).astype(object).equals(CLAIMS.drop(columns=["fact_id"]).astype(object))
    assert str(back["year_from"].dtype) == "Int64"  # 2021, never 2021.0


def test_rows_that_lack_a_column_and_get_no_fill_are_refused():
    rows = CLAIMS.drop(columns=["fact_id"]).to_dict("records")
    with pytest.raises(ContractError, match=r"missing columns \['fact_id'\]"):
        arrow_table("claims", rows)


def test_no_rows_make_an_empty_table_with_every_column():
    assert arrow_table("documents", []).column_names == columns("documents")


@pytest.mark.parametrize("region, region_code, key", [
    ("株洲市", "430200", "430200"),  # a region with a code is known by it
    ("长株潭", "", "长株潭"),  # a group has no code: its name
    ("", "", ""),
])
def test_the_region_key_is_the_same_in_pandas_and_in_sql(region, region_code, key):
    import duckdb

    from extract.contract import REGION_KEY_SQL, region_key

    rows = pd.DataFrame({"region": [region], "region_code": [region_code]})
    in_sql = duckdb.connect().execute(f"SELECT {REGION_KEY_SQL} AS key FROM rows").fetchone()[0]
    assert (region_key(rows).tolist(), in_sql) == ([key], key)
