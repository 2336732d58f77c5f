"""The main job from Python: a sufficiency snapshot, 5-year demand forecast and
its cost for the embedded synthetic
authority, or of your own returns. Run after `maturin develop` (scripts/test.sh
does it):

    python examples/snapshot.py                 # synthetic "england-median", seed 0
    python examples/snapshot.py returns/ ...    # your own returns (a folder per year)
"""

import sys
from datetime import date

import sufficiency as sf

if sys.argv[1:]:
    ds = sf.read_ssda903(*sys.argv[1:])
    print(ds.summary().to_string(index=False))
    issues = ds.issues_frame()
    print(f"\n{len(issues)} issues")
    if len(issues):
        print(issues.groupby(["severity", "code"]).size().to_string())
else:
    la = sf.synthetic_authority("england-median", seed=0, years=5)
    print(la)
    ds = la.dataset
print(ds)

last = max(ds.collection_years)
on = date(last, 3, 31)
print(f"\nIn care on {on:%d/%m/%Y}")
print(ds.in_care_on(on, by="placement_group").to_string(index=False))
print(ds.in_care_on(on, by="age_band").to_string(index=False))
print(ds.stability(last))
print(f"B1 1AA to SW1A 1AA: {sf.distance_miles('B1 1AA', 'SW1A 1AA')} miles")

# Demand: 5 years from the last 31 March, fitted on the last collection year, with its backtest.
model = sf.DemandModel.fit(ds, reference=(date(last - 1, 4, 1), on))
projection = model.project(months=60, backtest=12)
yearly = projection.totals()
yearly = yearly[yearly["date"].map(lambda d: d.month == 3 and d.day == 31)]
print("\nChildren in care on 31 March (expected), by placement group")
print(yearly.set_index("date").round(1).T.to_string())
errors = projection.backtest.to_pandas()
print("\nBacktest, all children (MAPE %)")
print(errors[errors["placement_group"] == "total"][["method", "mape", "mean_error"]].round(2).to_string(index=False))

# Cost: the projection by financial year (Decimal pounds), at the synthetic or national prices.
book = sf.PriceBook.national_defaults() if sys.argv[1:] else sf.PriceBook.from_synthetic(la)
costs = sf.forecast_costs(projection, book, by=("financial_year",))
print(f"\nForecast cost by financial year ({book.label})")
print(costs.to_pandas().to_string(index=False))
