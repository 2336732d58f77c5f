"""Scenarios mapped across processes: every public object pickles, so
``concurrent.futures`` (or Dask, or joblib) can project and cost many
scenarios at once. The results equal a run in one process.

    python examples/python/scenarios_in_parallel.py INPUT OUTPUT

Writes scenario_costs.csv (cost by financial year under each scenario).
"""

from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pandas as pd

import _common as c

import sufficiency as sf


def cost_of(job):
    model, scenario, prices = job
    spend = sf.forecast_costs(model.project(months=60, scenario=scenario), prices, by=("financial_year",))
    frame = spend.to_pandas()
    frame.insert(0, "scenario", scenario.name)
    return frame


if __name__ == "__main__":
    inp, out = c.folders()
    ds = c.read_returns(inp)
    on = c.last_31_march(ds)
    model = sf.DemandModel.fit(ds, reference=(date(on.year - 1, 4, 1), on))
    prices = sf.PriceBook.national_defaults()
    scenarios = [sf.Scenario()] + [sf.Scenario(f"entries x{k}", entries_times=k) for k in (0.9, 1.1, 1.2)]
    jobs = [(model, s, prices) for s in scenarios]
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = pd.concat(list(pool.map(cost_of, jobs)), ignore_index=True)
    serial = pd.concat([cost_of(j) for j in jobs], ignore_index=True)
    assert parallel.equals(serial), "a scenario costed in another process differs from the same one here"
    c.write_csv(parallel, out, "scenario_costs")
    print(f"scenarios_in_parallel: {len(scenarios)} scenarios costed in 2 processes -> {out}")
