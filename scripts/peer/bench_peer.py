#!/usr/bin/env python3
"""Time the cs-demand-model 0.5.1 peer end to end on a folder of returns.

Runs INSIDE .venv-peer (see setup.sh):

    .venv-peer/bin/python scripts/peer/bench_peer.py DATA [--steps 1826]

DATA is `sample` or a folder of <year>/*.csv returns. Phases, as in
run_peer.py: load/prepare (read, clean, enrich), rates (ModelPredictor.from_model
over the 12 months ending at the data's last date, both ends inclusive), and
projection (STEPS one-day steps from that last date). Prints one JSON object
with the seconds per phase, peak RSS and a few sanity figures.
"""
import argparse
import json
import time

import pandas as pd

from run_peer import load, model, peak_rss_mb


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", help="`sample` or a folder of <year>/*.csv returns")
    p.add_argument("--steps", type=int, default=1826, help="daily steps (default 5 years)")
    a = p.parse_args()

    t0 = time.perf_counter()
    _, container, stats = load(a.data)
    t_load = time.perf_counter() - t0

    end = pd.Timestamp(container.end_date)  # the data's last DECOM/DEC
    ref_start = end - pd.DateOffset(years=1)
    predictor, forecast, t_rates, t_proj = model(stats, ref_start, end, end, a.steps)
    total = time.perf_counter() - t0

    in_care = [c for c in forecast.columns if c[1] != "NOT_IN_CARE"]
    cleaned = container.enriched_view
    print(json.dumps({
        "data": a.data,
        "episodes_cleaned": int(len(cleaned)),
        "children": int(cleaned["CHILD"].nunique()),
        "reference": [f"{ref_start:%Y-%m-%d}", f"{end:%Y-%m-%d}"],
        "prediction_start": f"{end:%Y-%m-%d}",
        "steps": a.steps,
        "load_prepare_s": round(t_load, 2),
        "rates_s": round(t_rates, 2),
        "projection_s": round(t_proj, 2),
        "total_s": round(total, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "in_care_at_start": round(float(predictor.initial_population.sum()), 3),
        "in_care_at_end": round(float(forecast[in_care].iloc[-1].sum()), 3),
    }))


if __name__ == "__main__":
    main()
