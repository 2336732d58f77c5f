"""Placement sufficiency for children in care in England, from the DfE SSDA903 return.

Read one or several yearly returns and ask who was in care, where::

    import sufficiency

    ds = sufficiency.read_ssda903("returns/2024", "returns/2025")
    print(ds)                                  # <Dataset 2023/24–2024/25: ...>
    ds.issues_frame()                          # every problem found, by file, row and column
    ds.in_care_on("2025-03-31", by="placement_group")

and forecast demand from them::

    model = sufficiency.DemandModel.fit(ds, reference=("2024-04-01", "2025-03-31"))
    base = model.project(months=60)
    base.totals()                              # children by placement group, night by night
    more = sufficiency.Scenario("more entries", entries_times=1.2)
    model.compare([sufficiency.Scenario(), more])

and cost them, exactly, in ``decimal.Decimal`` pounds::

    prices = sufficiency.PriceBook.national_defaults()   # replace with your own
    spend = sufficiency.forecast_costs((ds, base), prices, budget={"2025-26": "41500000.00"})
    spend.to_pandas()                          # cost by financial year and placement group
    spend.pressure()                           # outturn against budget

and ask whether the places are sufficient — of the right kind, in the
right place — for the children in care::

    la = sufficiency.synthetic_authority("england-median")
    report = sufficiency.assess(la.dataset, la.supply)
    report.gaps()                              # need vs local supply by type x age x area
    report.matching()                          # each child's best place, second-best and why
    report.marginal_value()                    # where one more place saves most

and, for a region of authorities, pool their need and supply::

    region = sufficiency.Region("North West", sufficiency.synthetic_region())
    sufficiency.assess(region=region).gaps()   # the region's rows, then each member's

The work is done by the Rust crate ``sufficiency``; this package is a thin
layer over its extension module. Results are pandas DataFrames; every frame
method also takes ``backend="polars"`` (with polars installed). In a
notebook each result shows a short summary table.
"""

from ._sufficiency import (
    Child,
    ChildList,
    Dataset,
    Episode,
    EpisodeList,
    InputError,
    Issue,
    SufficiencyError,
    __version__,
    read_ssda903,
)

# Geography: DfE straight-line distances and postcode lookups.
from ._sufficiency import Distance, Location, Postcodes, distance, distance_miles

# Synthetic authorities: realistic returns, supply and prices anyone may share.
from ._sufficiency import Authority, synthetic_authority

# Demand forecasting: fitted models, scenarios, projections and backtests.
from ._sufficiency import Backtest, DemandConfig, DemandModel, Projection, Scenario

# Costs: price books, costed placements and forecasts, pressure, avoidance.
from ._sufficiency import (
    CostForecast,
    HighCost,
    PriceBook,
    compare_costs,
    cost_avoidance,
    forecast_costs,
    high_cost_placements,
)

# Sufficiency: supply, need, gaps, matching and regions.
from ._sufficiency import NORTH_WEST_18, Region, SufficiencyReport, Supply, assess, read_supply, synthetic_region

# Interop: any pandas frame as polars (every frame method also takes backend="polars").
from ._interop import to_polars

__all__ = [
    "to_polars",
    "NORTH_WEST_18",
    "Region",
    "synthetic_region",
    "SufficiencyReport",
    "Supply",
    "assess",
    "read_supply",
    "Child",
    "ChildList",
    "Dataset",
    "Episode",
    "EpisodeList",
    "InputError",
    "Issue",
    "SufficiencyError",
    "__version__",
    "read_ssda903",
    "Distance",
    "Location",
    "Postcodes",
    "distance",
    "distance_miles",
    "Authority",
    "synthetic_authority",
    "Backtest",
    "DemandConfig",
    "DemandModel",
    "Projection",
    "Scenario",
    "CostForecast",
    "HighCost",
    "PriceBook",
    "compare_costs",
    "cost_avoidance",
    "forecast_costs",
    "high_cost_placements",
]
