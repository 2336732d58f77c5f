"""Cost the forecast: spend by financial year and placement group in exact
pounds (``decimal.Decimal``), pressure against a budget, and the cost a
small edge-of-care service would avoid.

    python examples/python/costs.py INPUT OUTPUT

Uses the national default prices (``PriceBook.national_defaults()``, unit
costs from the domain notes); put your own price book in their place.
Writes cost_by_year.csv, cost_by_group.csv, pressure.csv, avoidance.csv and
headline.json.
"""

from datetime import date

import _common as c

import sufficiency as sf

inp, out = c.folders()
ds = c.read_returns(inp)
on = c.last_31_march(ds)
model = sf.DemandModel.fit(ds, reference=(date(on.year - 1, 4, 1), on))
projection = model.project(months=60)
prices = sf.PriceBook.national_defaults()

by_year = sf.forecast_costs(projection, prices, by=("financial_year",))
c.write_csv(by_year.to_pandas(), out, "cost_by_year")
by_group = sf.forecast_costs(projection, prices, by=("financial_year", "placement_group"))
c.write_csv(by_group.to_pandas(), out, "cost_by_group")

# A budget 3% above the first year's forecast, then flat: the pressure grows.
first = by_year.to_pandas()["cost"].iloc[0]
budget = {fy: (first * 103 / 100).quantize(first) for fy in by_year.to_pandas()["financial_year"]}
budgeted = sf.forecast_costs(projection, prices, by=("financial_year",), budget=budget)
c.write_csv(budgeted.pressure(), out, "pressure")

# Ten children a year kept out of external children's homes for a year each.
avoided = sf.cost_avoidance(10, 52, "childrens_home_external", date(on.year, 4, 1), prices)
c.write_csv(avoided.to_pandas(), out, "avoidance")

c.write_json(
    {"prices": prices.label, "total_5_years": by_year.total, "avoided": avoided.total, "budget": budget},
    out,
    "headline",
)
print(f"costs: {by_year.total} over five years at {prices.label} -> {out}")
