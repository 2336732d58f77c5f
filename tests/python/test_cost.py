"""Costs from Python: price books, costed episodes and projections, outturn
against budget, cost avoidance and high-cost placements.

Amounts are checked against figures worked out by hand (or in the test with
decimal.Decimal from the prices and nights), never copied from output.
"""

from __future__ import annotations

import copy
import datetime
import pickle
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

import sufficiency as sf
from sufficiency import _sufficiency

D = Decimal
PENNY = Decimal("0.01")


def pence(x: Decimal) -> Decimal:
    """Rounded to the penny, half away from zero (ROUND_HALF_UP rounds ties away from zero)."""
    return x.quantize(PENNY, rounding=ROUND_HALF_UP)


def date(y: int, m: int, d: int) -> datetime.date:
    return datetime.date(y, m, d)


# One child in in-house foster care (U4 with PR1) for the nights of 29, 30
# and 31 March and 1 and 2 April 2025: DEC is 3 April, the first night not in care.
HEADER = pd.DataFrame({"CHILD": ["C1"], "SEX": ["M"], "DOB": ["01/01/2012"]})
EPISODES = pd.DataFrame(
    {
        "CHILD": ["C1"],
        "DECOM": ["29/03/2025"],
        "RNE": ["S"],
        "LS": ["C2"],
        "CIN": ["N1"],
        "PLACE": ["U4"],
        "PLACE_PROVIDER": ["PR1"],
        "DEC": ["03/04/2025"],
        "REC": ["E4A"],
    }
)


@pytest.fixture(scope="module")
def tiny():
    return sf.Dataset.from_frames(HEADER, EPISODES)


@pytest.fixture(scope="module")
def in_house():
    """£333.33 a week for in-house fostering, no uplift."""
    return sf.PriceBook("test").with_price("foster_in_house", "in_house", D("333.33"), "2024-04-01")


@pytest.fixture(scope="module")
def la():
    return sf.synthetic_authority("inner-london", seed=1, years=3)


@pytest.fixture(scope="module")
def book(la):
    return sf.PriceBook.from_synthetic(la)


@pytest.fixture(scope="module")
def model(la):
    return sf.DemandModel.fit(la.dataset, ("2024-04-01", "2025-03-31"))


@pytest.fixture(scope="module")
def five_years(model, book):
    return sf.forecast_costs(model.project(months=60), book)


# ------------------------------------------------------------- exact money


def test_edge_of_care_example_is_exact():
    # 23 children kept out of 12 weeks of in-house fostering at £477 a week.
    expected = 23 * 12 * D(477)
    assert expected == D("131652")
    book = sf.PriceBook("example").with_price("foster_in_house", "in_house", D("477.00"), "2024-04-01")
    saved = sf.cost_avoidance(23, 12, "foster_in_house", "2024-06-03", book)
    assert saved.total == Decimal("131652.00")
    assert str(saved.total) == "131652.00"
    assert (saved.start, saved.end, saved.days) == (date(2024, 6, 3), date(2024, 8, 26), 84)
    # 3 June to 25 August 2024 is all in 2024-25.
    frame = saved.to_pandas()
    assert list(frame.columns) == ["financial_year", "placement_group", "cost"]
    assert frame.values.tolist() == [["2024-25", "foster_in_house", Decimal("131652.00")]]
    assert "£131,652.00" in repr(saved)


def test_a_placement_crossing_31_march_is_split_to_the_penny(tiny, in_house):
    # Three nights (29, 30, 31 March) in 2024-25 and two (1, 2 April) in
    # 2025-26, at £333.33 / 7 a night: 999.99 / 7 = 142.8557... and
    # 666.66 / 7 = 95.2371...
    spend = sf.forecast_costs(tiny, in_house, start="2025-03-01", end="2025-05-01")
    frame = spend.to_pandas()
    assert frame.values.tolist() == [
        ["2024-25", "foster_in_house", Decimal("142.86")],
        ["2025-26", "foster_in_house", Decimal("95.24")],
    ]
    assert pence(D("333.33") * 3 / 7) == Decimal("142.86")
    assert pence(D("333.33") * 2 / 7) == Decimal("95.24")
    # The exact amounts add up to five nights exactly; the total is rounded once.
    exact = spend.to_pandas(money="exact")
    assert abs(sum(exact["cost"]) - D("333.33") * 5 / 7) < D("1e-20")
    assert spend.total == pence(D("333.33") * 5 / 7) == Decimal("238.09")
    # Night by night: the five nights in care, each 333.33 / 7.
    nights = spend.to_pandas(by="day")
    assert list(nights.columns) == ["date", "cost"]
    assert len(nights) == spend.days == 61
    costed = nights[nights["cost"] != 0]
    assert list(costed["date"]) == [date(2025, 3, d) for d in (29, 30, 31)] + [date(2025, 4, d) for d in (1, 2)]
    assert set(costed["cost"]) == {pence(D("333.33") / 7)}
    assert isinstance(nights["date"].iloc[0], datetime.date)


def test_money_columns_are_decimals_unless_floats_are_asked_for(tiny, in_house, five_years):
    for frame in (five_years.to_pandas(), five_years.to_pandas(by=("route", "kind", "source"))):
        assert frame["cost"].dtype == object
        assert all(isinstance(v, Decimal) and v.as_tuple().exponent == -2 for v in frame["cost"])
    floats = sf.forecast_costs(tiny, in_house, start="2025-03-01", end="2025-05-01").to_pandas(money="float")
    assert floats["cost"].dtype == "float64"
    assert floats["cost"].tolist() == [142.86, 95.24]
    # The pence amounts are the exact ones rounded.
    exact = five_years.to_pandas(money="exact")
    assert [pence(v) for v in exact["cost"]] == list(five_years.to_pandas()["cost"])
    with pytest.raises(ValueError, match="'decimal', 'float' or 'exact'"):
        five_years.to_pandas(money="pounds")


def test_default_period_is_the_collection_years(tiny, in_house):
    # The return's latest date is in 2025-26, so it is that year's return:
    # 1 April 2025 to 31 March 2026, the two April nights.
    assert tiny.collection_years == [2026]
    spend = sf.forecast_costs(tiny, in_house)
    assert (spend.start, spend.end) == (date(2025, 4, 1), date(2026, 4, 1))
    assert spend.to_pandas()["cost"].tolist() == [Decimal("95.24")]


def test_float_money_is_rejected(tiny, in_house):
    message = r"decimal\.Decimal"
    with pytest.raises(sf.InputError, match=message):
        in_house.with_price("foster_agency", "framework", 950.0, "2024-04-01")
    with pytest.raises(sf.InputError, match=message):
        in_house.with_block("B1", "P1", "foster_in_house", 2, 700.5, "2025-01-01", "2026-01-01")
    frame = pd.DataFrame(
        {"group": ["foster_in_house"], "route": ["in_house"], "weekly": [477.0], "effective_from": ["2024-04-01"]}
    )
    with pytest.raises(sf.InputError, match=message) as e:
        sf.PriceBook.from_frame(frame)
    assert "row 1" in str(e.value) and "weekly" in str(e.value)
    with pytest.raises(sf.InputError, match=message):
        sf.forecast_costs(tiny, in_house, budget={"2025-26": 1000.0})
    with pytest.raises(sf.InputError, match=message):
        sf.high_cost_placements(tiny, "2025-03-01", "2025-05-01", in_house, threshold=10000.0)
    # Strings, ints and Decimals are money.
    for weekly in ("333.33", "£333.33", D("333.33")):
        assert in_house.with_price("foster_in_house", "in_house", weekly, "2024-04-01") == in_house
    assert in_house.with_price("x", "spot", 500, "2024-04-01").weekly("x", "spot", "2024-05-01") == D(500)


# ------------------------------------------------------------- price books


def test_price_book_builders_are_immutable_and_checked(in_house):
    book = in_house.with_price("foster_agency", "framework", "950.00", "2024-04-01").with_price(
        "foster_agency", "spot", "1100.00", "2024-04-01"
    )
    assert len(in_house.to_pandas()) == 1 and len(book.to_pandas()) == 3
    assert book.label == "test"
    assert book.weekly("foster_agency", "spot", "2024-04-01") == D("1100.00")
    assert book.weekly("foster_agency", "spot", "2024-03-31") is None
    # No mix: the first priced route in commissioning order (framework) takes all.
    assert len(book.mix_frame()) == 0
    one_week = sf.cost_avoidance(1, 1, "foster_agency", "2024-05-01", book)
    assert one_week.total == D("950.00")
    mixed = book.with_mix({"framework": D("0.7"), "spot": "0.3"}, group="foster_agency")
    assert mixed.mix_frame().values.tolist() == [
        ["foster_agency", "framework", D("0.7")],
        ["foster_agency", "spot", D("0.3")],
    ]
    assert sf.cost_avoidance(1, 1, "foster_agency", "2024-05-01", mixed).total == D("0.7") * 950 + D("0.3") * 1100
    with pytest.raises(sf.InputError, match="add up to"):
        book.with_mix({"framework": "0.7", "spot": "0.2"}, group="foster_agency")
    with pytest.raises(sf.InputError, match="negative"):
        book.with_price("foster_agency", "dps", "-1", "2024-04-01")
    with pytest.raises(sf.InputError, match="not a commissioning route"):
        book.with_price("foster_agency", "barter", "1", "2024-04-01")
    with pytest.raises(sf.InputError, match="ends on or before"):
        book.with_block("B1", "P1", "foster_agency", 1, "900", "2025-01-01", "2025-01-01")


def test_uplifts_apply_each_1_april(in_house):
    # A fixed rate (a rate, not money: a float is read as written).
    four = in_house.with_uplift(0.04)
    assert four.weekly("foster_in_house", "in_house", "2025-03-31") == D("333.33")
    assert four.weekly("foster_in_house", "in_house", "2025-04-01") == pence(D("333.33") * D("1.04")) == D("346.66")
    # An index plus a margin; a year missing from the index uses the last one.
    cpi = in_house.with_uplift(index={2025: "0.03"}, plus=D("0.01"))
    y1 = pence(D("333.33") * D("1.04"))
    assert cpi.weekly("foster_in_house", "in_house", "2025-04-01") == y1
    assert cpi.weekly("foster_in_house", "in_house", "2026-04-01") == pence(y1 * D("1.04"))
    assert cpi.uplifts == [
        {"kind": "index", "index": {2025: D("0.03")}, "plus": D("0.01"), "group": None, "route": None}
    ]
    # The latest rule wins over earlier ones.
    assert four.with_uplift(D("0.10")).weekly("foster_in_house", "in_house", "2025-04-01") == D("366.66")
    with pytest.raises(ValueError, match="either"):
        in_house.with_uplift(0.04, index={2025: 0.03})
    with pytest.raises(ValueError, match="fixed rate"):
        in_house.with_uplift()


def test_national_defaults(la):
    book = sf.PriceBook.national_defaults()
    prices = book.to_pandas()
    assert list(prices.columns) == ["placement_group", "route", "provider", "lot", "effective_from", "weekly", "basis"]
    assert set(prices["effective_from"]) == {date(2024, 4, 1)}
    assert all(isinstance(w, Decimal) for w in prices["weekly"])
    assert book.uplifts == [{"kind": "fixed", "rate": D("0.055"), "group": None, "route": None}]
    # Groups priced by a framework and spot are bought 80/20.
    mix = book.mix_frame()
    for group, shares in mix.groupby("placement_group"):
        both = set(prices[prices["placement_group"] == group]["route"])
        assert {"framework", "spot"} <= both
        assert dict(zip(shares["route"], shares["share"])) == {"framework": D("0.8"), "spot": D("0.2")}
    assert "replace" in book.label


def test_from_frame_reads_the_synthetic_prices(la, book):
    frame = la.prices
    from_frame = sf.PriceBook.from_frame(frame, label="la")
    assert from_frame.label == "la"
    pd.testing.assert_frame_equal(from_frame.to_pandas(), book.to_pandas())
    # The default mix is applied: 80/20 where a group has framework and spot prices.
    pd.testing.assert_frame_equal(from_frame.mix_frame(), book.mix_frame())
    both = frame.groupby("placement_group")["route"].apply(set)
    expected = sorted(g for g, routes in both.items() if {"framework", "spot"} <= routes)
    assert sorted(set(from_frame.mix_frame()["placement_group"])) == expected and expected
    # Aliases, text money and dates, case-insensitive column names.
    typed = pd.DataFrame(
        {
            "Group": ["foster_in_house", "foster_in_house"],
            "route": ["in-house", "in_house"],
            "weekly": ["477.00", 500],
            "effective_from": ["01/04/2024", date(2025, 4, 1)],
        }
    )
    read = sf.PriceBook.from_frame(typed)
    assert read.weekly("foster_in_house", "in_house", "2025-03-31") == D("477.00")
    assert read.weekly("foster_in_house", "in_house", "2025-04-01") == D(500)
    with pytest.raises(sf.InputError, match="'price'"):
        sf.PriceBook.from_frame(typed.rename(columns={"weekly": "price"}))
    with pytest.raises(sf.InputError, match="row 2 column route"):
        sf.PriceBook.from_frame(typed.assign(route=["in_house", "gift"]))


def test_block_contracts_are_filled_first_and_voids_costed(tiny, in_house):
    # Two places at £700 a week for the nights 1 March - 30 April 2025
    # (61 nights): the child fills one place on 5 nights, the rest is void.
    book = in_house.with_block("B1", "Homes Ltd", "foster_in_house", 2, "700", "2025-03-01", "2025-05-01")
    blocks = book.blocks_frame()
    assert blocks.values.tolist() == [
        ["B1", "Homes Ltd", "foster_in_house", 2, D(700), date(2025, 3, 1), date(2025, 5, 1)]
    ]
    spend = sf.forecast_costs(tiny, book, start="2025-03-01", end="2025-05-01", by=("kind",))
    assert spend.by == ["kind"]
    kinds = dict(spend.to_pandas().values.tolist())
    assert kinds == {"placement": D(700) * 5 / 7, "void": D(700) * (2 * 61 - 5) / 7}
    assert kinds == {"placement": D("500.00"), "void": D("11700.00")}
    assert spend.total == D(700) * 2 * 61 / 7
    providers = spend.to_pandas(by=["route", "provider"])
    assert providers[["route", "provider"]].values.tolist() == [["block", "Homes Ltd"]]


def test_finance_records_override_the_book(tiny, in_house):
    # The finance system says £700 a week by spot purchase: £100 a night.
    actual = pd.DataFrame(
        {
            "child": ["C1", "C9"],
            "episode_start": [date(2025, 3, 29), date(2025, 1, 1)],
            "weekly": ["700.00", "500.00"],
            "route": ["spot", "spot"],
        }
    )
    spend = sf.forecast_costs(tiny, in_house, start="2025-03-01", end="2025-05-01", actual_costs=actual)
    frame = spend.to_pandas(by=["financial_year", "route", "source"])
    assert frame.values.tolist() == [
        ["2024-25", "spot", "actual", D("300.00")],
        ["2025-26", "spot", "actual", D("200.00")],
    ]
    issues = spend.issues_frame()
    assert list(issues.columns) == ["file", "row", "child", "placement_group", "code", "message", "child_nights"]
    assert issues[["row", "child", "code"]].values.tolist() == [[2, "C9", "unmatched_cost"]]


def test_placements_without_a_price_are_issues_not_zeros(tiny):
    book = sf.PriceBook("agency only").with_price("foster_agency", "framework", "950", "2024-04-01")
    spend = sf.forecast_costs(tiny, book, start="2025-03-01", end="2025-05-01")
    assert spend.total == 0
    issues = spend.issues_frame()
    assert issues[["child", "placement_group", "code", "child_nights"]].values.tolist() == [
        ["C1", "foster_in_house", "no_price", 5.0]
    ]
    assert issues["file"].tolist() == ["episodes"] and issues["row"].tolist() == [1]
    with pytest.raises(sf.InputError, match="no price for 'foster_in_house'"):
        sf.cost_avoidance(1, 4, "foster_in_house", "2025-01-01", book)
    with pytest.raises(sf.InputError, match="no price for 'foster_agency' on 2024-03-31"):
        sf.cost_avoidance(1, 4, "foster_agency", "2024-03-31", book)


# -------------------------------------------------------------- projections


def test_a_60_month_projection_spans_five_financial_years(five_years):
    # 60 months from the night of 31 March 2025: the nights of 1 April 2025
    # to 31 March 2030.
    assert five_years.start == date(2025, 4, 1)
    assert five_years.end == date(2030, 4, 1)
    assert five_years.days == (date(2030, 4, 1) - date(2025, 4, 1)).days
    years = five_years.to_pandas(by="financial_year")
    assert list(years["financial_year"]) == ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"]
    assert (years["cost"] > 0).all()
    assert set(five_years.to_pandas(by="source")["source"]) == {"forecast"}
    # Months add up to years exactly.
    months = five_years.to_pandas(by="month", money="exact")
    assert len(months) == 60 and months["month"].iloc[0] == "2025-04" and months["month"].iloc[-1] == "2030-03"
    exact_years = five_years.to_pandas(by="financial_year", money="exact")
    for fy, cost in zip(exact_years["financial_year"], exact_years["cost"]):
        start = int(fy[:4])
        in_year = [f"{start}-{m:02}" for m in range(4, 13)] + [f"{start + 1}-{m:02}" for m in range(1, 4)]
        assert abs(months[months["month"].isin(in_year)]["cost"].sum() - cost) < D("1e-18")
    assert five_years.issues_frame().empty


def test_forecast_outturn_and_pressure(la, model, book):
    # Projected from the night of 30 September 2024: actual spend on the
    # nights 1 April - 30 September 2024, then the projection.
    projection = model.project(start="2024-09-30", months=18)
    budget = {"2024-25": D("15000000"), "2025-26": "16000000.00"}
    outturn = sf.forecast_costs((la.dataset, projection), book, budget=budget)
    assert outturn.start == date(2024, 4, 1)
    assert outturn.budget == {"2024-25": D("15000000"), "2025-26": D("16000000.00")}
    by_source = outturn.to_pandas(by=["month", "source"])
    assert set(by_source[by_source["source"] == "actual"]["month"]) == {f"2024-{m:02}" for m in range(4, 10)}
    assert by_source[by_source["source"] == "forecast"]["month"].min() == "2024-10"
    # The actual part is the episodes costed on their own over the same nights.
    actual = sf.forecast_costs(la.dataset, book, start="2024-04-01", end="2024-10-01")
    exact = outturn.to_pandas(by=["financial_year", "source"], money="exact")

    def part(fy: str, source: str) -> Decimal:
        rows = exact[(exact["financial_year"] == fy) & (exact["source"] == source)]["cost"]
        return sum(rows, D(0))

    assert pence(part("2024-25", "actual")) == actual.total
    pressure = outturn.pressure()
    assert list(pressure.columns) == [
        "financial_year", "actual", "forecast", "outturn", "budget", "pressure", "pressure_pct",
    ]
    assert list(pressure["financial_year"]) == ["2024-25", "2025-26"]
    for row in pressure.itertuples():
        out = part(row.financial_year, "actual") + part(row.financial_year, "forecast")
        b = D(budget[row.financial_year])
        assert row.actual == pence(part(row.financial_year, "actual"))
        assert row.forecast == pence(part(row.financial_year, "forecast"))
        assert row.outturn == pence(out)
        assert row.budget == b
        assert row.pressure == pence(out - b)
        assert row.pressure_pct == ((out - b) / b * 100).quantize(D("0.1"), rounding=ROUND_HALF_UP)
        assert all(isinstance(v, Decimal) for v in (row.actual, row.forecast, row.outturn, row.budget, row.pressure))
    assert pressure.loc[1, "actual"] == 0
    # Another budget, given to pressure() itself; floats on request.
    other = outturn.pressure({"2025-26": 1}, money="float")
    assert other["budget"].tolist() == [1.0] and other["pressure"].dtype == "float64"
    with pytest.raises(ValueError, match="no budget"):
        sf.forecast_costs(projection, book).pressure()
    with pytest.raises(sf.InputError, match="'2025/26'"):
        outturn.pressure({"2025/26": 1})


def test_source_and_option_errors(la, model, book, tiny, in_house):
    projection = model.project(months=12)
    with pytest.raises(TypeError, match="Dataset"):
        sf.forecast_costs("returns/", book)
    with pytest.raises(ValueError, match="own nights"):
        sf.forecast_costs(projection, book, start="2025-04-01")
    with pytest.raises(ValueError, match="do not apply"):
        sf.forecast_costs((la.dataset, projection), book, end="2026-01-01")
    with pytest.raises(sf.InputError, match="dataset covers"):
        sf.forecast_costs((tiny, projection), in_house)
    with pytest.raises(sf.InputError, match="nothing to cost"):
        sf.forecast_costs(tiny, in_house, start="2025-05-01", end="2025-05-01")
    with pytest.raises(sf.InputError, match="cannot break costs down by 'week'"):
        sf.forecast_costs(tiny, in_house, by="week")
    with pytest.raises(ValueError, match="twice"):
        sf.forecast_costs(tiny, in_house).to_pandas(by=["route", "route"])


def test_compare_costs_by_financial_year(model, book, five_years):
    growth = model.project(months=60, scenario=sf.Scenario("growth").in_house_fostering_growth(10))
    alternative = sf.forecast_costs(growth, book)
    table = sf.compare_costs(five_years, alternative)
    assert list(table.columns) == ["financial_year", "base", "alternative", "difference"]
    base = dict(five_years.to_pandas(by="financial_year").values.tolist())
    alt = dict(alternative.to_pandas(by="financial_year").values.tolist())
    base_exact = dict(five_years.to_pandas(by="financial_year", money="exact").values.tolist())
    alt_exact = dict(alternative.to_pandas(by="financial_year", money="exact").values.tolist())
    for row in table.itertuples():
        assert row.base == base[row.financial_year] and row.alternative == alt[row.financial_year]
        assert abs(row.difference - (alt_exact[row.financial_year] - base_exact[row.financial_year])) <= D("0.005")
    # Agency places cost more than in-house ones: growing in-house fostering saves money.
    assert (table["difference"] < 0).all()
    assert (sf.compare_costs(five_years, five_years)["difference"] == 0).all()


def test_high_cost_placements(la, book, tiny, in_house):
    hc = sf.high_cost_placements(tiny, "2025-03-01", "2025-05-01", in_house)
    assert hc.threshold == D(10000) and (hc.placements, hc.all_placements) == (0, 1)
    low = sf.high_cost_placements(tiny, "2025-03-01", "2025-05-01", in_house, threshold="300")
    assert (low.placements, low.spend_share, low.top_share) == (1, D(1), D(1))
    assert low.top.values.tolist() == [["C1", date(2025, 3, 29), "foster_in_house", D("333.33"), D("238.09")]]
    year = sf.high_cost_placements(la.dataset, "2024-04-01", "2025-04-01", book, threshold=5000, top_n=5)
    top = year.top
    assert len(top) == 5 and list(top.columns) == ["child", "start", "placement_group", "weekly", "spend"]
    assert list(top["spend"]) == sorted(top["spend"], reverse=True)
    assert 0 < year.top_share <= 1 and 0 < year.spend_share <= 1
    assert year.placements <= year.all_placements
    assert "at £5,000+ a week" in repr(year)
    with pytest.raises(ValueError, match="top_n"):
        sf.high_cost_placements(tiny, "2025-03-01", "2025-05-01", in_house, top_n=-1)


# ---------------------------------------------------------------- pickling


def test_price_books_and_forecasts_pickle_and_compare_equal(la, model, book, tiny, in_house, five_years):
    books = [
        sf.PriceBook(),
        sf.PriceBook.national_defaults()
        .with_block("B1", "Homes Ltd", "childrens_home_external", 3, "4200", "2025-04-01", "2027-04-01")
        .with_uplift(index={2025: "0.03", 2026: "0.025"}, plus="0.01", route="spot")
        .with_mix({"framework": "0.6", "spot": "0.4"}, group="foster_agency"),
        book,
    ]
    outturn = sf.forecast_costs(
        (la.dataset, model.project(start="2024-09-30", months=6)), book, budget={"2024-25": 16_000_000}
    )
    forecasts = [five_years, outturn, sf.forecast_costs(tiny, in_house, by="day")]
    high = sf.high_cost_placements(la.dataset, "2024-04-01", "2025-04-01", book)
    for obj in [*books, *forecasts, high]:
        for protocol in (2, pickle.HIGHEST_PROTOCOL):
            back = pickle.loads(pickle.dumps(obj, protocol=protocol))
            assert type(back) is type(obj)
            assert back == obj
            assert repr(back) == repr(obj)
        assert copy.copy(obj) is obj and copy.deepcopy(obj) is obj
    back = pickle.loads(pickle.dumps(outturn))
    pd.testing.assert_frame_equal(back.pressure(), outturn.pressure())
    assert back.by == ["financial_year", "placement_group"]
    # Equality is by value.
    assert sf.PriceBook.from_synthetic(la) == book
    assert book.with_uplift("0.02") != book
    assert sf.PriceBook() == sf.PriceBook("custom") != sf.PriceBook("other")
    assert sf.forecast_costs(tiny, in_house) == sf.forecast_costs(tiny, in_house)
    assert sf.forecast_costs(tiny, in_house) != sf.forecast_costs(tiny, in_house, budget={"2025-26": 1})
    with pytest.raises(sf.SufficiencyError, match="not a pickled"):
        _sufficiency._cost_from_state(42)
    with pytest.raises(sf.SufficiencyError, match="format"):
        _sufficiency._cost_from_state(("sufficiency.Other/9", "9.9.9", []))


def test_reprs(in_house, five_years):
    assert repr(in_house) == (
        "<PriceBook 'test': 1 price for 1 group, 0 uplift rules, 0 block contracts, route mix for 0 groups>"
    )
    text = repr(five_years)
    assert text.startswith("<CostForecast 1826 nights from 2025-04-01: £") and "in 2025-26 – 2029-30" in text


# -------------------------------------------------------------------- plots


def test_plot_bars_are_the_frame(la, model, book):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    budget = {"2025-26": D("19000000"), "2026-27": D("19500000")}
    spend = sf.forecast_costs(model.project(months=24), book, budget=budget)
    frame = spend.to_pandas()
    years = sorted(set(frame["financial_year"]))
    fig = spend.plot()
    try:
        assert isinstance(fig, matplotlib.figure.Figure)
        (ax,) = fig.axes
        assert [t.get_text() for t in ax.get_xticklabels()] == years
        bars = {c.get_label(): c for c in ax.containers}
        assert set(bars) == set(frame["placement_group"])
        stacked = [0.0] * len(years)
        for group, container in bars.items():
            rows = frame[frame["placement_group"] == group].set_index("financial_year")["cost"]
            for i, (year, patch) in enumerate(zip(years, container.patches)):
                expected = float(rows.get(year, Decimal(0)))
                assert patch.get_height() == pytest.approx(expected, abs=1e-6), (group, year)
                stacked[i] += patch.get_height()
        # Each stack reaches the year's cost.
        per_year = spend.to_pandas(by="financial_year").set_index("financial_year")["cost"]
        for i, year in enumerate(years):
            assert stacked[i] == pytest.approx(float(per_year[year]), abs=0.05)
        (budget_lines,) = [c for c in ax.collections if c.get_label() == "budget"]
        heights = sorted(seg[0][1] for seg in budget_lines.get_segments())
        assert heights == [float(budget["2025-26"]), float(budget["2026-27"])]
    finally:
        plt.close(fig)
    fig, ax = plt.subplots()
    try:
        assert spend.plot(ax=ax) is fig
    finally:
        plt.close(fig)


def test_the_route_mix_observed_in_finance_records():
    # Agency foster care: 21 nights on the framework, 7 on spot -> 0.75 / 0.25.
    import pandas as pd

    ds = sf.Dataset.from_frames(
        header=pd.DataFrame({"CHILD": ["C1", "C2"], "SEX": ["M", "M"], "DOB": ["01/01/2012", "01/01/2012"]}),
        episodes=pd.DataFrame(
            {
                "CHILD": ["C1", "C2"],
                "DECOM": ["01/04/2025", "01/04/2025"],
                "RNE": ["S", "S"],
                "LS": ["C2", "C2"],
                "CIN": ["N1", "N1"],
                "PLACE": ["U4", "U4"],
                "PLACE_PROVIDER": ["PR4", "PR4"],
                "DEC": ["22/04/2025", "08/04/2025"],
                "REC": ["E4A", "E4A"],
            }
        ),
    )
    records = pd.DataFrame(
        {
            "child": ["C1", "C2"],
            "episode_start": [datetime.date(2025, 4, 1)] * 2,
            "weekly": [Decimal("1000"), Decimal("1000")],
            "route": ["framework", "spot"],
        }
    )
    book = sf.PriceBook.national_defaults().with_observed_mix(ds, records, "2025-04-01", "2026-04-01")
    mix = book.mix_frame()
    agency = mix[mix["placement_group"] == "foster_agency"].set_index("route")["share"]
    assert agency["framework"] == Decimal("0.75") and agency["spot"] == Decimal("0.25")
