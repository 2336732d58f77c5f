"""Forecast demand: how many children, in which placements, at which ages,
for five years from the last 31 March — with its backtest and two scenarios.

    python examples/python/demand.py INPUT OUTPUT

Fits on the last collection year (1 April to 31 March). Writes
projection_31_march.csv (children by age band and placement group on each
31 March), flows_by_year.csv (entries and exits by route per financial
year), backtest.csv (error per placement group against the naive
baselines), scenarios.csv (totals on each 31 March under each scenario),
rates.csv and headline.json.
"""

from datetime import date

import _common as c

import sufficiency as sf

inp, out = c.folders()
ds = c.read_returns(inp)
on = c.last_31_march(ds)
model = sf.DemandModel.fit(ds, reference=(date(on.year - 1, 4, 1), on))
base = model.project(months=60, backtest=12)


def on_31_march(frame):
    return frame[frame["date"].map(lambda d: (d.month, d.day) == (3, 31))]


def financial_year(d):
    y = d.year if d.month >= 4 else d.year - 1
    return f"{y}-{(y + 1) % 100:02d}"


long = on_31_march(base.to_pandas())
c.write_csv(long, out, "projection_31_march")

entries = base.entries_frame()
entries["financial_year"] = entries["date"].map(financial_year)
exits = base.exits_frame()
exits["financial_year"] = exits["date"].map(financial_year)
flows = (
    entries.groupby("financial_year")["children"].sum().rename("entries").to_frame()
    .join(exits.pivot_table(index="financial_year", columns="route", values="children", aggfunc="sum"))
    .reset_index()
)
c.write_csv(flows, out, "flows_by_year")

c.write_csv(base.backtest.to_pandas(), out, "backtest")
c.write_csv(model.rates_frame(), out, "rates")

scenarios = [
    sf.Scenario(),
    sf.Scenario("entries +20%", entries_times=1.2),
    sf.Scenario("step down").move_times("childrens_home_external", "foster_agency", 1.2),
]
compared = on_31_march(model.compare(scenarios, months=60))
totals = compared.groupby(["scenario", "date"])["children"].sum().reset_index()
c.write_csv(totals, out, "scenarios")

totals_base = base.totals()
end = totals_base.iloc[-1]
errors = base.backtest.to_pandas()
total_errors = errors[errors["placement_group"] == "total"].set_index("method")
c.write_json(
    {
        "reference": model.reference,
        "start": base.start,
        "children_at_start": float(totals_base.iloc[0]["total"]),
        "children_after_5_years": float(end["total"]),
        "entries_per_day": model.entries_per_day,
        "backtest_mape": {m: float(total_errors.loc[m, "mape"]) for m in total_errors.index},
    },
    out,
    "headline",
)
print(f"demand: {totals_base.iloc[0]['total']:.0f} children on {base.start} -> {end['total']:.1f} on {end['date']} -> {out}")
