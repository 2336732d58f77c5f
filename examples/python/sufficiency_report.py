"""Sufficiency: do we have places of the right kind, in the right place, for
the children in care on the last 31 March — and where would one more place
save most?

    python examples/python/sufficiency_report.py INPUT OUTPUT

Needs ``INPUT/supply/providers.csv`` and ``settings.csv``. Writes
metrics.csv, gaps.csv, matching.csv, marginal_value.csv, supply_issues.csv
and headline.json.
"""

import sys

import _common as c

import sufficiency as sf

inp, out = c.folders()
ds = c.read_returns(inp)
supply = c.read_supply(inp)
if supply is None:
    sys.exit(f"{inp}: no supply/settings.csv; sufficiency needs the places as well as the children")
c.write_csv(supply.issues, out, "supply_issues")
report = sf.assess(ds, supply, on=c.last_31_march(ds), prices=sf.PriceBook.national_defaults())
c.write_csv(report.metrics(), out, "metrics")
c.write_csv(report.gaps(), out, "gaps")
c.write_csv(report.matching(), out, "matching")
c.write_csv(report.marginal_value(), out, "marginal_value")
c.write_json(
    {
        "on": report.on,
        "placed": report.placed,
        "unmet": report.unmet,
        "right_type_share": report.right_type_share,
        "within_20_share": report.within_20_share,
        "second_best_share": report.second_best_share,
        "weekly_cost": report.weekly_cost,
    },
    out,
    "headline",
)
print(f"sufficiency: {report.placed} placed, {report.unmet} unmet, £{report.weekly_cost} a week -> {out}")
