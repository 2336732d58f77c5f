"""Frames as polars: every frame method takes ``backend="polars"``.

Each polars frame is compared cell by cell with the pandas frame of the
same call: same columns in the same order, same rows, money still exact
Decimals, dates still dates, missing values null."""

from __future__ import annotations

import datetime
import math
import sys
from decimal import Decimal

import pandas as pd
import pytest

import sufficiency as sf

START = datetime.date(2024, 4, 1)
END = datetime.date(2025, 3, 31)


@pytest.fixture(scope="module")
def objects():
    la = sf.synthetic_authority("inner-london", seed=1, years=3)
    ds = la.dataset
    model = sf.DemandModel.fit(ds, reference=(START, END))
    p = model.project(months=6)
    bt = model.backtest(6)
    book = sf.PriceBook.from_synthetic(la)
    spend = sf.forecast_costs(p, book, budget={"2025-26": "19000000"})
    spend2 = sf.forecast_costs(model.project(months=6, scenario=sf.Scenario("more", entries_times=1.2)), book)
    report = sf.assess(ds, la.supply)
    region = sf.assess(region=sf.Region("r", sf.synthetic_region([("E08000007", "Stockport", 50)], years=2)))
    return {
        "Dataset.issues_frame": lambda **k: ds.issues_frame(**k),
        "Dataset.summary": lambda **k: ds.summary(**k),
        "Dataset.children_frame": lambda **k: ds.children_frame(**k),
        "Dataset.episodes_frame": lambda **k: ds.episodes_frame(**k),
        "Dataset.in_care_on": lambda **k: ds.in_care_on(END, by="age_band", **k),
        "Dataset.entries": lambda **k: ds.entries(START, END, **k),
        "Dataset.leavers": lambda **k: ds.leavers(START, END, **k),
        "DemandModel.compare": lambda **k: model.compare([sf.Scenario(), sf.Scenario("x", entries_times=2)], months=2, **k),
        "DemandModel.stock": lambda **k: model.stock(START, START + datetime.timedelta(days=3), **k),
        "DemandModel.rates_frame": lambda **k: model.rates_frame(**k),
        "Projection.to_pandas": lambda **k: p.to_pandas(**k),
        "Projection.entries_frame": lambda **k: p.entries_frame(**k),
        "Projection.exits_frame": lambda **k: p.exits_frame(**k),
        "Projection.totals": lambda **k: p.totals(**k),
        "Projection.actuals_frame": lambda **k: p.actuals_frame(**k),
        "Backtest.to_pandas": lambda **k: bt.to_pandas(**k),
        "Backtest.series": lambda **k: bt.series(**k),
        "PriceBook.to_pandas": lambda **k: book.to_pandas(**k),
        "PriceBook.blocks_frame": lambda **k: book.blocks_frame(**k),
        "PriceBook.mix_frame": lambda **k: book.mix_frame(**k),
        "CostForecast.to_pandas": lambda **k: spend.to_pandas(**k),
        "CostForecast.to_pandas(exact)": lambda **k: spend.to_pandas(by="placement_group", money="exact", **k),
        "CostForecast.pressure": lambda **k: spend.pressure(**k),
        "CostForecast.issues_frame": lambda **k: spend.issues_frame(**k),
        "compare_costs": lambda **k: sf.compare_costs(spend, spend2, **k),
        "SufficiencyReport.metrics": lambda **k: report.metrics(**k),
        "SufficiencyReport.gaps": lambda **k: report.gaps(**k),
        "SufficiencyReport.matching": lambda **k: report.matching(**k),
        "SufficiencyReport.marginal_value": lambda **k: report.marginal_value(**k),
        "region SufficiencyReport.matching": lambda **k: region.matching(**k),
        "Postcodes.embedded_sectors": lambda **k: sf.Postcodes.embedded_sectors(**k),
    }


def missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def same_cell(a, b) -> bool:
    if missing(a):
        return b is None
    if isinstance(a, Decimal):
        return isinstance(b, Decimal) and a == b
    if isinstance(a, datetime.date):
        return type(b) is datetime.date and a == b
    if isinstance(a, float):
        return b == pytest.approx(a, rel=1e-15, abs=0)
    return a == b and type(a) is type(b) or (isinstance(a, (bool, int)) and a == b)


def test_every_frame_method_has_a_polars_twin(objects):
    pl = pytest.importorskip("polars")
    for name, call in objects.items():
        pd_frame = call()
        pl_frame = call(backend="polars")
        assert isinstance(pl_frame, pl.DataFrame), name
        assert pl_frame.columns == [str(c) for c in pd_frame.columns], name
        assert pl_frame.height == len(pd_frame), name
        for col in pd_frame.columns:
            ours = pl_frame[str(col)].to_list()
            theirs = pd_frame[col].astype(object).tolist()
            bad = [(a, b) for a, b in zip(theirs, ours) if not same_cell(a, b)]
            assert not bad, (name, col, bad[:3])
        assert call(backend="pandas").equals(pd_frame), name


def test_polars_dtypes_keep_their_meaning(objects):
    pl = pytest.importorskip("polars")
    settings = objects["CostForecast.to_pandas(exact)"](backend="polars")
    assert isinstance(settings.schema["cost"], pl.Decimal)
    matching = objects["SufficiencyReport.matching"](backend="polars")
    assert isinstance(matching.schema["weekly_price"], pl.Decimal)
    assert matching.schema["right_type"] == pl.Boolean
    assert matching.schema["child"] == pl.String
    assert matching.schema["miles"] == pl.Float64
    children = objects["Dataset.children_frame"](backend="polars")
    assert children.schema["dob"] == pl.Date
    gaps = objects["SufficiencyReport.gaps"](backend="polars")
    assert gaps.schema["gap"] == pl.Int64
    # Money in pence sums exactly in polars as in pandas.
    pence = objects["CostForecast.to_pandas"]()
    polars_pence = objects["CostForecast.to_pandas"](backend="polars")
    assert polars_pence.schema["cost"] == pl.Decimal(38, 2)
    assert Decimal(str(polars_pence["cost"].sum())) == sum(pence.cost, Decimal(0))


def test_getter_frames_convert_with_to_polars(objects):
    pl = pytest.importorskip("polars")
    la = sf.synthetic_authority("inner-london", seed=1, years=2)
    frame = la.supply.settings
    converted = sf.to_polars(frame)
    assert isinstance(converted, pl.DataFrame)
    assert converted.columns == list(frame.columns)
    assert converted["places"].sum() == frame.places.sum()


def test_unknown_backend_is_a_value_error(objects):
    with pytest.raises(ValueError, match="'pandas' or 'polars'"):
        objects["Dataset.summary"](backend="arrow")


def test_missing_polars_says_how_to_install_it(objects, monkeypatch):
    monkeypatch.setitem(sys.modules, "polars", None)  # import polars now raises ImportError
    with pytest.raises(ImportError, match="pip install polars"):
        objects["SufficiencyReport.gaps"](backend="polars")
    with pytest.raises(ImportError, match="pip install polars"):
        sf.to_polars(pd.DataFrame({"a": [1]}))


def test_importing_sufficiency_imports_neither_polars_nor_matplotlib():
    import subprocess

    code = "import sys, sufficiency; print('polars' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
