"""Rich display: each result object's ``overview()`` rows, ``_repr_html_``
table and ``repr``.

Every figure looked for is worked out in the test from the object's own
frames (counts of rows, sums of columns), then formatted as the table
shows it; nothing is copied from the output."""

from __future__ import annotations

import html
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

import sufficiency as sf



def pounds(x: Decimal) -> str:
    """£1,234.57: the pence rounded half away from zero, with thousands commas."""
    return f"£{x.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def table(markup: str) -> dict[str, str]:
    """The rows of an overview table, label -> value, unescaped."""
    cells = re.findall(r"<th[^>]*>(.*?)</th><td[^>]*>(.*?)</td>", markup)
    return {html.unescape(k): html.unescape(v) for k, v in cells}


def caption(markup: str) -> str:
    (text,) = re.findall(r"<caption[^>]*>(.*?)</caption>", markup)
    return html.unescape(text)


@pytest.fixture(scope="module")
def la(inner_london):
    return inner_london


@pytest.fixture(scope="module")
def model(inner_london_model):
    return inner_london_model


@pytest.fixture(scope="module")
def report(la):
    return sf.assess(la.dataset, la.supply)


def check_table(obj, title: str) -> dict[str, str]:
    """The HTML table matches overview() row for row; returns it as a dict."""
    markup = obj._repr_html_()
    assert caption(markup) == title
    rows = obj.overview()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in rows)
    assert list(table(markup).items()) == rows
    return dict(rows)


def test_dataset(la):
    ds = la.dataset
    rows = check_table(ds, "Dataset")
    issues = ds.issues_frame()
    errors = int((issues.severity == "error").sum())
    warnings = int((issues.severity == "warning").sum())
    assert rows["children"] == f"{len(ds.children_frame()):,}"
    assert rows["episodes"] == f"{len(ds.episodes_frame()):,}"
    assert rows["errors"] == f"{errors:,}"
    assert rows["warnings"] == f"{warnings:,}"
    assert rows["files read"] == str(len(ds.summary()))
    assert rows["rows rejected"] == f"{int(ds.summary().rows_rejected.sum()):,}"
    years = ds.collection_years
    assert rows["collection years"].startswith(f"{years[0] - 1}/{years[0] % 100:02d}")
    assert f"({len(years)} returns)" in rows["collection years"]
    text = repr(ds)
    assert f"{len(ds.children_frame()):,} children" in text
    assert f"{len(ds.episodes_frame()):,} episodes" in text


def test_projection(model):
    p = model.project(months=12, scenario=sf.Scenario("<b>more & more</b>", entries_times=1.2))
    rows = check_table(p, "Projection")
    totals = p.totals()
    first, last = totals.total.iloc[0], totals.total.iloc[-1]
    assert rows["scenario"] == "<b>more & more</b>"
    assert rows["start"] == str(totals.date.iloc[0])
    assert rows["end"] == str(totals.date.iloc[-1])
    assert rows["months"] == "12"
    assert rows["nights"] == f"{len(totals) - 1:,}"
    assert rows["children at start"] == f"{first:,.1f}"
    assert rows["children at end"] == f"{last:,.1f}"
    assert rows["change"] == f"{last - first:+,.1f}"
    groups = totals.drop(columns=["date", "total"]).iloc[-1]
    assert rows["largest group at end"] == f"{groups.idxmax()} ({groups.max():,.1f})"
    # The scenario is the user's text: escaped in the markup, never raw.
    markup = p._repr_html_()
    assert "<b>more" not in markup
    assert "&lt;b&gt;more &amp; more&lt;/b&gt;" in markup
    assert f"{first:.1f}" in repr(p) and f"{last:.1f}" in repr(p)


def test_backtest(model):
    bt = model.backtest(6)
    rows = check_table(bt, "Backtest")
    errors = bt.to_pandas()
    total = errors[errors.placement_group == "total"].set_index("method")
    assert list(total.index) == ["model", "flat", "linear"]
    for method, row in total.iterrows():
        assert rows[f"MAPE (total), {method}"] == f"{row.mape:.1f}%"
        assert rows[f"final error (total), {method}"] == f"{row.final_error:+.1f} children"
        assert f"{method} {row.mape:.1f}%" in repr(bt)
    assert rows["origin"] == str(bt.origin)
    assert rows["months"] == "6"
    assert rows["month ends compared"] == str(len(set(bt.series().date)))


def test_projection_with_backtest_names_its_error(model):
    p = model.project(months=12, backtest=6)
    mape = p.backtest.to_pandas().set_index(["method", "placement_group"]).loc[("model", "total"), "mape"]
    assert dict(p.overview())["backtest MAPE (total)"] == f"{mape:.1f}% over 6 months"


def test_cost_forecast(la, model):
    book = sf.PriceBook.from_synthetic(la)
    budget = {"2025-26": Decimal("19000000"), "2026-27": Decimal("19500000")}
    spend = sf.forecast_costs(model.project(months=24), book, budget=budget)
    rows = check_table(spend, "CostForecast")
    by_year = spend.to_pandas(by="financial_year").set_index("financial_year")["cost"]
    exact = spend.to_pandas(by="financial_year", money="exact")["cost"]
    assert rows["total"] == pounds(sum(exact, Decimal(0)))  # the total is rounded once, not year by year
    for year, cost in by_year.items():
        text = rows[f"cost {year}"]
        assert text.startswith(pounds(cost))
        if year in budget:
            over = cost - budget[year]
            word = "over by" if over >= 0 else "under by"
            assert text == f"{pounds(cost)} (budget {pounds(budget[year])}, {word} {pounds(abs(over))})"
    assert rows["prices"] == spend.prices_label
    assert rows["issues"] == f"{len(spend.issues_frame()):,}"
    assert pounds(sum(exact, Decimal(0))) in repr(spend)


def test_authority_and_supply(la):
    rows = check_table(la, "Authority")
    settings = la.supply.settings
    assert rows["seed"] == "1"
    assert rows["children"] == f"{len(la.dataset.children_frame()):,}"
    assert rows["episodes"] == f"{len(la.dataset.episodes_frame()):,}"
    assert rows["settings"] == f"{len(settings):,}"
    assert rows["places"] == f"{int(settings.places.sum()):,}"
    assert rows["providers"] == f"{len(la.supply.providers):,}"
    assert la.profile["authority_name"] in rows["authority"]

    rows = check_table(la.supply, "Supply")
    assert rows["authority"] == la.supply.authority
    assert rows["settings"] == f"{len(settings):,}"
    for kind, group in settings.groupby("kind"):
        assert rows[kind.replace("_", " ")] == (
            f"{len(group):,} settings, {int(group.places.sum()):,} places, {int(group.vacant.sum()):,} vacant"
        )
    assert rows["vacant places"] == f"{int(settings.vacant.sum()):,}"
    assert f"{int(settings.vacant.sum())} vacant places" in repr(la.supply)


def test_sufficiency_report(la, report):
    rows = check_table(report, "SufficiencyReport")
    m = report.matching()
    placed = m[m.setting.notna()]
    known = placed.miles.dropna()
    assert rows["authority"] == la.supply.authority
    assert rows["on"] == str(report.on)
    assert rows["children"] == f"{len(m):,}"
    assert rows["placed"] == f"{len(placed):,}"
    assert rows["unmet"] == f"{int(m.setting.isna().sum()):,}"
    assert rows["right type"] == pct(placed.right_type.mean())
    assert rows["within 20 miles"] == pct((known <= 20).mean())
    assert rows["second-best"] == pct(placed.second_best.mean())
    weekly = sum(placed.weekly_price.dropna(), Decimal(0))
    assert rows["weekly cost"] == pounds(weekly)
    gaps = report.gaps()
    short = gaps[gaps.gap > 0]
    assert rows["gaps"] == f"{int(short.gap.sum()):,} children in {len(short):,} cells"
    best = report.marginal_value().iloc[0]
    assert rows["best new place"].startswith(f"{best.placement_type} in {best.area} (saves ")
    text = repr(report)
    for figure in [f"{len(m)} children", f"{len(placed)} placed", pct(placed.right_type.mean()) + " right type",
                   pct((known <= 20).mean()) + " within 20 miles", pounds(weekly)]:
        assert figure in text


def test_display_needs_no_matplotlib_and_survives_odd_names():
    # A scenario name with every character HTML cares about.
    from sufficiency._display import html_table

    markup = html_table("<T>", [("a<b", "x&y\"'")])
    assert table(markup) == {"a<b": "x&y\"'"}
    assert "<T>" not in markup and "a<b" not in markup
