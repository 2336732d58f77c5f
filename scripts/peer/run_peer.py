#!/usr/bin/env python3
"""Run the cs-demand-model 0.5.1 peer and export its numbers as tidy CSVs.

Runs INSIDE .venv-peer (see setup.sh):

    .venv-peer/bin/python scripts/peer/run_peer.py DATA OUT \
        --reference 2021-03-27 2022-03-27 --start 2022-03-27 --days 365 [--time]

DATA is `sample` (the peer's bundled cs_demand_model_samples/v1.zip) or a
folder of returns laid out as <year>/header.csv, <year>/episodes.csv, ...
(dates dd/mm/YYYY). Only the peer's public library API is used, with its
default configuration (standard-v1.yaml). OUT receives stock.csv, rates.csv,
entrants.csv, forecast.csv and timing.json; see README.md beside this file
for the columns and the exact meaning of every number.
"""
import argparse
import json
import logging
import resource
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
from cs_demand_model import (
    Config,
    DemandModellingDataContainer,
    ModelPredictor,
    PopulationStats,
    fs_datastore,
)

warnings.filterwarnings("ignore")  # pandas 1.5 FutureWarnings from the peer
logging.getLogger("cs_demand_model").setLevel(logging.ERROR)  # empty-file notes


def data_source(data: str) -> str:
    """The peer datastore URL for DATA (`sample` or a folder)."""
    if data == "sample":
        import cs_demand_model_samples

        return str(Path(cs_demand_model_samples.__file__).parent / "v1.zip")
    path = Path(data).resolve()
    if not path.exists():
        sys.exit(f"run_peer.py: no such data folder: {path}")
    return str(path)


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load(data: str):
    """Read and clean the returns: the peer's 'load/prepare' phase."""
    config = Config()
    container = DemandModellingDataContainer(fs_datastore(data_source(data)), config)
    stats = PopulationStats(container.enriched_view, config)
    return config, container, stats


def model(stats, ref_start, ref_end, start, days):
    """Estimate over the reference window, then project `days` daily steps.

    Returns (predictor, forecast, seconds for rates, seconds for projection).
    """
    t0 = time.perf_counter()
    predictor = ModelPredictor.from_model(stats, ref_start, ref_end, start)
    t1 = time.perf_counter()
    forecast = predictor.predict(days, step_days=1)
    t2 = time.perf_counter()
    return predictor, forecast, t1 - t0, t2 - t1


class Labels:
    """Peer state keys (BRACKET_NAME, CATEGORY_NAME) -> our labels."""

    def __init__(self, config):
        # The first bracket has no configured min (the peer uses -1); label it 0.
        self.bins = {b.name: f"{max(b.start, 0)}-{b.end}" for b in config.AgeBrackets}
        self.order = {label: i for i, label in enumerate(self.bins.values())}

    def state(self, key):
        bracket, category = key
        return self.bins[bracket], category


def long_states(wide: pd.DataFrame, labels: Labels, drop_zero: bool) -> pd.DataFrame:
    """Dates x state-tuple columns -> rows date, age_bin, category, children."""
    rows = []
    for key in wide.columns:
        if key == ():  # the 'outside' pseudo-state never appears, but be safe
            continue
        age_bin, category = labels.state(key)
        col = wide[key]
        if drop_zero:
            col = col[col != 0]
        rows.append(
            pd.DataFrame(
                {
                    "date": pd.to_datetime(col.index).strftime("%Y-%m-%d"),
                    "age_bin": age_bin,
                    "category": category,
                    "children": col.values.astype(float),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    out["_order"] = out["age_bin"].map(labels.order)  # brackets youngest first
    out = out.sort_values(["date", "_order", "category"], kind="stable")
    return out.drop(columns="_order")


def export(out: Path, config, stats, predictor, forecast, ref_start, ref_end):
    labels = Labels(config)

    # Historic daily stock (in-care states only; the peer has no NOT_IN_CARE stock).
    stock = long_states(stats.stock, labels, drop_zero=True)
    stock[stock.category != "NOT_IN_CARE"].to_csv(
        out / "stock.csv", index=False, float_format="%.10g"
    )

    # Raw rates (no ageing), one row per (from, to) pair the peer estimated.
    # Pairs never observed anywhere in the data are absent, i.e. rate 0.
    raw = stats.raw_transition_rates(ref_start, ref_end)
    rates = pd.DataFrame(
        [(*labels.state(f), *labels.state(t), r) for (f, t), r in raw.items()],
        columns=["from_age_bin", "from_category", "to_age_bin", "to_category", "rate"],
    )
    rates.to_csv(out / "rates.csv", index=False, float_format="%.12g")

    ent = stats.daily_entrants(ref_start, ref_end)
    entrants = pd.DataFrame(
        [(*labels.state(t), r) for (_, t), r in ent.items()],
        columns=["age_bin", "category", "daily"],
    )
    entrants.to_csv(out / "entrants.csv", index=False, float_format="%.12g")

    # Forecast: row dated start + t is the population after t one-day steps,
    # in-care states plus the (bracket, NOT_IN_CARE) sinks.
    long_states(forecast, labels, drop_zero=False).to_csv(
        out / "forecast.csv", index=False, float_format="%.10g"
    )


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", help="`sample` or a folder of <year>/*.csv returns")
    p.add_argument("out", type=Path, help="output folder (created)")
    p.add_argument("--reference", nargs=2, required=True, metavar=("START", "END"),
                   help="reference window, ISO dates, both ends inclusive")
    p.add_argument("--start", required=True, help="prediction start date (ISO)")
    p.add_argument("--days", type=int, required=True, help="daily steps to project")
    p.add_argument("--time", action="store_true",
                   help="also record peak RSS and print timing.json to stdout")
    a = p.parse_args(argv)
    ref_start, ref_end = (pd.Timestamp(d) for d in a.reference)
    start = pd.Timestamp(a.start)
    a.out.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    config, _, stats = load(a.data)
    t_load = time.perf_counter() - t0
    predictor, forecast, t_rates, t_proj = model(stats, ref_start, ref_end, start, a.days)
    timing = {
        "load_prepare_s": round(t_load, 3),
        "rates_s": round(t_rates, 3),
        "projection_s": round(t_proj, 3),
        "total_s": round(time.perf_counter() - t0, 3),
        "steps": a.days,
    }
    if a.time:
        timing["peak_rss_mb"] = round(peak_rss_mb(), 1)

    export(a.out, config, stats, predictor, forecast, ref_start, ref_end)
    (a.out / "timing.json").write_text(json.dumps(timing, indent=2) + "\n")
    if a.time:
        print(json.dumps(timing))


if __name__ == "__main__":
    main()
