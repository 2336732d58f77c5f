#!/usr/bin/env python3
"""Differential test: sufficiency's demand engine against cs-demand-model 0.5.1.

Runs in our .venv, from the repository root, after `bash scripts/peer/setup.sh`:

    .venv/bin/python scripts/peer/compare.py [--out summary.json] [--work DIR]

The peer runs in .venv-peer through scripts/peer/run_peer.py (subprocesses,
in parallel). Three comparisons (scripts/peer/README.md, "Comparison"):

1. The peer's bundled sample, normalised by normalise_sample.py into valid
   returns that both read: (a) historic daily stock per state equal,
   (b) in care after 365 daily steps within 1%, (c) rates (information).
2. A synthetic authority (england-median, seed 0, 5 years; --profile,
   --seed), written with
   write_ssda903 and read by both: the same (a) and (b), and (c).
3. Backtest with each tool's default configuration on the synthetic
   authority, 12 month-end points from a rewound window, on --seeds
   authorities (the profile with seeds 0..N-1; default 5): our mean MAPE of
   the total in care must be below the peer's, and so must our mean MAPE by
   actual age band. One authority of 457 children is one draw of noise: its
   backtest error says little on its own, so the check is over several.

Prints a table; writes a JSON summary to --out (default <work>/summary.json);
exits 1 if any check fails.
"""
import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import sufficiency as sf

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PEER_PY = ROOT / ".venv-peer" / "bin" / "python"

# Our band labels under DemandConfig.peer() -> the peer's age_bin labels.
BANDS = {"under 1": "0-1", "1-4": "1-5", "5-9": "5-10", "10-15": "10-16", "16-29": "16-30"}
IN_CARE = ["FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER"]
FORECAST_TOLERANCE = 0.01  # relative, on total in care at START + 365


def iso(d):
    return d.isoformat()


def day(s):
    return dt.date.fromisoformat(s)


class Peer:
    """One run_peer.py subprocess."""

    def __init__(self, data, out, ref, start, days):
        self.out = Path(out)
        self.cmd = [str(PEER_PY), str(HERE / "run_peer.py"), str(data), str(out),
                    "--reference", iso(ref[0]), iso(ref[1]), "--start", iso(start),
                    "--days", str(days)]
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self):
        so, se = self.proc.communicate()
        if self.proc.returncode:
            sys.exit(f"compare.py: peer failed ({' '.join(self.cmd)}):\n{se}{so}")
        self.seconds = time.perf_counter() - self.t0
        read = lambda n: pd.read_csv(self.out / n)
        return {"stock": read("stock.csv"), "rates": read("rates.csv"),
                "entrants": read("entrants.csv"), "forecast": read("forecast.csv"),
                "timing": json.loads((self.out / "timing.json").read_text())}


# --------------------------------------------------------------- our side

def read_checked(folder):
    """Our reader on a folder; (dataset, issue counts, rows rejected)."""
    ds = sf.read_ssda903(folder)
    issues = {}
    for i in ds.issues:
        k = f"{i.code} ({i.severity})"
        issues[k] = issues.get(k, 0) + 1
    summary = ds.summary()
    return ds, issues, int(summary["rows_rejected"].sum()), int(summary["rows_read"].sum())


def data_span(ds):
    """The peer's data index: first DECOM to the last DECOM or DEC."""
    e = ds.episodes_frame()
    last = max(e["decom"].max(), e["dec"].dropna().max())
    return e["decom"].min(), last


def ours_frames(model, span, start, months=12):
    """Our stock over the span, projection from start, rates, in peer labels."""
    stock = model.stock(span[0], span[1])
    stock = stock.assign(age_bin=stock["age_band"].map(BANDS), category=stock["placement_group"])
    proj = model.project(start=start, months=months)
    fc = proj.to_pandas()
    fc = fc.assign(age_bin=fc["age_band"].map(BANDS), category=fc["placement_group"])
    rates = model.rates_frame()
    rates = rates.assign(age_bin=rates["age_band"].map(BANDS))
    return stock, fc, proj.days, rates


# ---------------------------------------------------------------- checks

def check_stock(ours, peer):
    """(a): every (date, state) equal; missing rows count 0."""
    key = ["date", "age_bin", "category"]
    o = ours[key + ["children"]].copy()
    o["date"] = o["date"].map(iso)
    m = o.merge(peer[key + ["children"]], on=key, how="outer", suffixes=("_ours", "_peer")).fillna(0.0)
    m["diff"] = m["children_ours"] - m["children_peer"]
    bad = m[m["diff"] != 0]
    out = {
        "dates": int(m["date"].nunique()), "first": m["date"].min(), "last": m["date"].max(),
        "cells": len(m), "mismatched_cells": len(bad),
        "max_abs_diff": float(bad["diff"].abs().max()) if len(bad) else 0.0,
        "peer_dates_outside_ours": sorted(set(peer["date"]) - set(o["date"]))[:5],
        "ok": len(bad) == 0,
    }
    if len(bad):
        out["first_mismatches"] = bad.sort_values("date").head(10).to_dict("records")
    return out


def check_forecast(ours, days, peer, start):
    """(b): total in care at start + days within 1%; per state and day for information."""
    o = ours.copy()
    o["date"] = o["date"].map(iso)
    p = peer[peer["category"].isin(IN_CARE)]
    key = ["date", "age_bin", "category"]
    m = o[key + ["children"]].merge(p[key + ["children"]], on=key, how="inner", suffixes=("_ours", "_peer"))
    end = iso(start + dt.timedelta(days=days))
    tot = m.groupby("date")[["children_ours", "children_peer"]].sum()
    tot["rel"] = (tot["children_ours"] - tot["children_peer"]).abs() / tot["children_peer"]
    o_end, p_end = tot.loc[end, "children_ours"], tot.loc[end, "children_peer"]
    rel_end = abs(o_end - p_end) / p_end
    big = m[m["children_peer"] > 1e-6]
    state_rel = (big["children_ours"] - big["children_peer"]).abs() / big["children_peer"]
    by_state = (m.assign(absdiff=(m["children_ours"] - m["children_peer"]).abs())
                .groupby(["age_bin", "category"])["absdiff"].max())
    worst = state_rel.idxmax() if len(state_rel) else None
    ours_start = o[o["date"] == iso(start)]["children"].sum()
    return {
        "start": iso(start), "end": end, "steps": days,
        "in_care_start_ours": float(ours_start),
        "in_care_end_ours": float(o_end), "in_care_end_peer": float(p_end),
        "rel_diff_end": float(rel_end),
        "max_rel_diff_total_any_day": float(tot["rel"].max()),
        "max_rel_diff_state_day": float(state_rel.max()) if len(state_rel) else 0.0,
        "worst_state_day": (m.loc[worst, key + ["children_ours", "children_peer"]].to_dict()
                            if worst is not None else None),
        "max_abs_diff_state_day": float(by_state.max()),
        "sinks_end_peer": float(peer[(peer["category"] == "NOT_IN_CARE") & (peer["date"] == end)]["children"].sum()),
        "ok": bool(rel_end <= FORECAST_TOLERANCE),
    }


def check_rates(ours, peer_rates, peer_entrants, model):
    """(c), information: our moves + summed exit routes against the peer's
    raw rates (its x->x placement moves left out: they cancel in projection)."""
    o = {}
    for r in ours.itertuples():
        to = r.to if r.kind == "move" else "NOT_IN_CARE"
        k = (r.age_bin, r.placement_group, to)
        o[k] = o.get(k, 0.0) + r.rate
    p = {}
    for r in peer_rates.itertuples():
        if r.to_category != r.from_category:
            p[(r.from_age_bin, r.from_category, r.to_category)] = float(r.rate)
    keys = set(o) | set(p)
    diffs = []
    for k in keys:
        a, b = o.get(k, 0.0), p.get(k, 0.0)
        rel = abs(a - b) / abs(b) if b else (0.0 if a == 0 else float("inf"))
        diffs.append((rel, abs(a - b), k, a, b))
    diffs.sort(reverse=True)
    peer_ent = float(peer_entrants["daily"].sum()) if len(peer_entrants) else 0.0
    return {
        "pairs": len(keys), "nonzero_ours": sum(1 for v in o.values() if v),
        "nonzero_peer": sum(1 for v in p.values() if v),
        "max_rel_diff": diffs[0][0] if diffs else 0.0,
        "max_abs_diff": max((d[1] for d in diffs), default=0.0),
        "worst": [{"state": "/".join(d[2]), "ours": d[3], "peer": d[4]} for d in diffs[:3]],
        "entrants_per_day_ours": model.entries_per_day, "entrants_per_day_peer": peer_ent,
    }


def backtest_peer(forecast, stock, points):
    """The peer's in-care forecast against its own stock at our backtest points."""
    f = forecast[forecast["category"].isin(IN_CARE)].groupby("date")["children"].sum()
    a = stock.groupby("date")["children"].sum()
    # The peer's daily index ends at the data's last DECOM or DEC; after it the
    # stock is unchanged (rule (c): stock_at past the end is N(last date)). A
    # date inside the index with no row has no child in care.
    last = max(a.index)
    rows = []
    for p in points:
        k = iso(p)
        actual = float(a[last]) if k > last else float(a.get(k, 0.0))
        rows.append({"date": k, "forecast": float(f[k]), "actual": actual})
    pct = [(r["forecast"] - r["actual"]) / r["actual"] * 100 for r in rows if r["actual"] > 0]
    return {
        "mape": sum(abs(x) for x in pct) / len(pct),
        "mean_error": sum(r["forecast"] - r["actual"] for r in rows) / len(rows),
        "series": rows,
    }


def backtest_seed(seed, bt, peer_result, age):
    """One authority's backtest of the total in care: ours (default
    configuration), the peer (default), the flat and linear baselines, and
    both models' mean MAPE by actual age band."""
    err = bt.to_pandas()
    err = err[err["placement_group"] == "total"].set_index("method")
    pb = backtest_peer(peer_result["forecast"], peer_result["stock"], bt.points)
    return {"seed": seed,
            "ours_mape": float(err.loc["model", "mape"]), "ours_mean_error": float(err.loc["model", "mean_error"]),
            "peer_mape": pb["mape"], "peer_mean_error": pb["mean_error"],
            "flat_mape": float(err.loc["flat", "mape"]), "linear_mape": float(err.loc["linear", "mape"]),
            "ours_age_mape": age["ours"]["mape"], "peer_age_mape": age["peer"]["mape"]}


def backtest_by_age(ds, window, origin, points, peer_forecast):
    """Both models' forecasts by age band against the children actually in care
    by their actual age at each point (the DfE's bands; the peer's brackets
    [0,1) [1,5) [5,10) [10,16) [16,30) are the same ages). A council planning
    places for teenagers needs this; the peer fixes each child's age at the
    start of an episode and ages children by a hazard, so its brackets drift."""
    labels = ["under 1", "1-4", "5-9", "10-15", "16+"]
    peer_label = dict(zip(["0-1", "1-5", "5-10", "10-16", "16-30"], labels))
    model = sf.DemandModel.fit(ds, reference=window)
    proj = model.project(start=origin, months=12).to_pandas()
    proj["age_band"] = proj["age_band"].replace({"16-17": "16+"})
    ours = proj.groupby(["date", "age_band"])["children"].sum()
    pf = peer_forecast[peer_forecast["category"].isin(IN_CARE)].copy()
    pf["age_band"] = pf["age_bin"].map(peer_label)
    peer = pf.groupby(["date", "age_band"])["children"].sum()
    errs = {"ours": {b: [] for b in labels}, "peer": {b: [] for b in labels}}
    for p in points:
        actual = ds.in_care_on(p, by="age_band").set_index("age_band")["children"]
        for b in labels:
            a = float(actual.get(b, 0))
            if a <= 0:
                continue
            errs["ours"][b].append(abs(float(ours.get((p, b), 0.0)) - a) / a * 100)
            errs["peer"][b].append(abs(float(peer.get((iso(p), b), 0.0)) - a) / a * 100)
    out = {}
    for who, by_band in errs.items():
        bands = {b: sum(v) / len(v) for b, v in by_band.items() if v}
        out[who] = {"by_band": bands, "mape": sum(bands.values()) / len(bands)}
    return out


# ------------------------------------------------------------------ main

def main(argv=None):
    t_start = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="JSON summary (default: <work>/summary.json)")
    ap.add_argument("--work", type=Path, help="working folder (default: a new temporary folder)")
    ap.add_argument("--profile", default="england-median", help="synthetic authority profile")
    ap.add_argument("--seed", type=int, default=0, help="synthetic authority seed")
    ap.add_argument("--seeds", type=int, default=5,
                    help="backtest on this many authorities (seeds --seed, --seed+1, ...)")
    a = ap.parse_args(argv)
    if not PEER_PY.exists():
        sys.exit("compare.py: no .venv-peer; run `bash scripts/peer/setup.sh` first")
    work = a.work or Path(tempfile.mkdtemp(prefix="peer-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    out_json = a.out or work / "summary.json"
    summary = {"work": str(work), "checks": {}}
    checks = summary["checks"]

    # --- inputs: the normalised sample and the synthetic authority
    sample_dir, synth_dir = work / "sample", work / "synthetic"
    for d in (sample_dir, synth_dir):
        if d.exists() and any(d.iterdir()):
            sys.exit(f"compare.py: {d} is not empty; use a fresh --work")
    norm_json = work / "normalise.json"
    r = subprocess.run([str(PEER_PY), str(HERE / "normalise_sample.py"), "sample", str(sample_dir),
                        "--json", str(norm_json)], capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"compare.py: normalise_sample.py failed:\n{r.stderr}{r.stdout}")
    norm = json.loads(norm_json.read_text())
    summary["normalise"] = norm
    sf.synthetic_authority(a.profile, seed=a.seed, years=5).write_ssda903(synth_dir)
    summary["synthetic_authority"] = {"profile": a.profile, "seed": a.seed, "years": 5}

    s_ds, s_issues, s_rej, s_read = read_checked(sample_dir)
    y_ds, y_issues, y_rej, y_read = read_checked(synth_dir)
    summary["reader"] = {
        "sample": {"rows_read": s_read, "rows_rejected": s_rej, "children": len(s_ds.children),
                   "episodes": len(s_ds.episodes), "issues": s_issues},
        "synthetic": {"rows_read": y_read, "rows_rejected": y_rej, "children": len(y_ds.children),
                      "episodes": len(y_ds.episodes), "issues": y_issues},
    }
    checks["sample: normalised copy self-check"] = norm["problem_count"] == 0
    checks["sample: our reader rejects no row"] = s_rej == 0
    checks["sample: same episodes as the peer"] = len(s_ds.episodes) == norm["episodes"]

    # --- windows
    s_span = data_span(s_ds)
    s_ref = (s_span[1] - dt.timedelta(days=365), s_span[1])
    y_span = data_span(y_ds)
    y_end = min(dt.date(2025, 3, 31), y_span[1])
    y_ref = (y_end - dt.timedelta(days=365), y_end)
    default = sf.DemandModel.fit(y_ds, reference=(dt.date(2024, 4, 1), dt.date(2025, 3, 31)))
    bt = default.backtest(12)
    bt_days = max(366, (bt.points[-1] - bt.origin).days)

    # --- the peer, three runs in parallel
    peers = {
        "sample": Peer(sample_dir, work / "peer_sample", s_ref, s_ref[1], 365),
        "synthetic": Peer(synth_dir, work / "peer_synthetic", y_ref, y_ref[1], 365),
        "backtest": Peer(synth_dir, work / "peer_backtest", bt.window, bt.origin, bt_days),
    }
    # --- more authorities for the backtest: the same profile, the next seeds
    extra = {}
    for seed in range(a.seed + 1, a.seed + a.seeds):
        d = work / f"synthetic_seed{seed}"
        sf.synthetic_authority(a.profile, seed=seed, years=5).write_ssda903(d)
        ds = read_checked(d)[0]
        b = sf.DemandModel.fit(ds, reference=(dt.date(2024, 4, 1), dt.date(2025, 3, 31))).backtest(12)
        days = max(366, (b.points[-1] - b.origin).days)
        extra[seed] = (ds, b, Peer(d, work / f"peer_backtest_seed{seed}", b.window, b.origin, days))

    # --- ours, meanwhile
    t0 = time.perf_counter()
    peer_cfg = sf.DemandConfig.peer()
    s_model = sf.DemandModel.fit(s_ds, reference=s_ref, config=peer_cfg)
    y_model = sf.DemandModel.fit(y_ds, reference=y_ref, config=peer_cfg)
    assert list(s_model.age_bands) == list(BANDS), s_model.age_bands
    s_ours = ours_frames(s_model, s_span, s_ref[1])
    y_ours = ours_frames(y_model, y_span, y_ref[1])
    y_peercfg_bt = sf.DemandModel.fit(y_ds, reference=(dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
                                      config=peer_cfg).backtest(12)
    ours_seconds = time.perf_counter() - t0

    results = {k: p.wait() for k, p in peers.items()}
    summary["seconds"] = {"ours_fit_stock_project": round(ours_seconds, 3),
                          **{f"peer_{k}": round(p.seconds, 2) for k, p in peers.items()}}

    for name, span, ref, (stock, fc, days, rates), model, peer in (
        ("sample", s_span, s_ref, s_ours, s_model, results["sample"]),
        ("synthetic", y_span, y_ref, y_ours, y_model, results["synthetic"]),
    ):
        sec = summary[name] = {"span": [iso(span[0]), iso(span[1])],
                               "reference": [iso(ref[0]), iso(ref[1])], "start": iso(ref[1])}
        sec["stock"] = check_stock(stock, peer["stock"])
        sec["forecast"] = check_forecast(fc, days, peer["forecast"], ref[1])
        sec["rates"] = check_rates(rates, peer["rates"], peer["entrants"], model)
        checks[f"{name}: (a) stock equal on every (date, state)"] = sec["stock"]["ok"]
        checks[f"{name}: (b) in care at start+365 within 1%"] = sec["forecast"]["ok"]
    checks["synthetic: our reader rejects no row"] = y_rej == 0

    # --- backtest
    ser = bt.series()
    tot = ser[ser["placement_group"] == "total"]
    err = bt.to_pandas()
    err = err[err["placement_group"] == "total"].set_index("method")
    pb = backtest_peer(results["backtest"]["forecast"], results["synthetic"]["stock"], bt.points)
    perr = y_peercfg_bt.to_pandas()
    perr = perr[perr["placement_group"] == "total"].set_index("method")
    table = [
        {"method": "sufficiency (default)", "mape": float(err.loc["model", "mape"]),
         "mean_error": float(err.loc["model", "mean_error"])},
        {"method": "cs-demand-model (default)", "mape": pb["mape"], "mean_error": pb["mean_error"]},
        {"method": "sufficiency, DemandConfig.peer()", "mape": float(perr.loc["model", "mape"]),
         "mean_error": float(perr.loc["model", "mean_error"])},
        {"method": "flat baseline", "mape": float(err.loc["flat", "mape"]),
         "mean_error": float(err.loc["flat", "mean_error"])},
        {"method": "linear baseline", "mape": float(err.loc["linear", "mape"]),
         "mean_error": float(err.loc["linear", "mean_error"])},
    ]
    summary["backtest"] = {
        "reference": [iso(x) for x in default.reference], "window": [iso(x) for x in bt.window],
        "origin": iso(bt.origin), "points": [iso(p) for p in bt.points], "peer_steps": bt_days,
        "table": table,
        "series": [{"date": iso(d), "actual_ours": float(ac), "model_ours": float(mo),
                    "actual_peer": pr["actual"], "model_peer": pr["forecast"]}
                   for d, ac, mo, pr in zip(tot["date"], tot["actual"], tot["model"], pb["series"])],
    }
    age = backtest_by_age(y_ds, bt.window, bt.origin, bt.points, results["backtest"]["forecast"])
    summary["backtest"]["by_age"] = age
    rows = [backtest_seed(a.seed, bt, results["backtest"], age)]
    for seed, (ds, b, peer) in extra.items():
        res = peer.wait()
        rows.append(backtest_seed(seed, b, res, backtest_by_age(ds, b.window, b.origin, b.points, res["forecast"])))
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in rows[0] if k != "seed"}
    summary["backtest"]["seeds"] = {"rows": rows, "mean": mean}
    n = len(rows)
    checks[f"backtest, {n} authorities: our mean MAPE of the total below the peer's"] = (
        mean["ours_mape"] < mean["peer_mape"])
    checks[f"backtest, {n} authorities: our mean MAPE by actual age band below the peer's"] = (
        mean["ours_age_mape"] < mean["peer_age_mape"])
    # Our engine under DemandConfig.peer() scores the peer's own backtest: the
    # same forecast against the same stock at every point.
    checks["backtest: DemandConfig.peer() reproduces the peer's MAPE and mean error"] = (
        abs(table[2]["mape"] - table[1]["mape"]) <= 1e-6 * max(1.0, table[1]["mape"])
        and abs(table[2]["mean_error"] - table[1]["mean_error"]) <= 1e-6 * max(1.0, abs(table[1]["mean_error"])))

    # --- report
    wall = time.perf_counter() - t_start
    summary["seconds"]["total"] = round(wall, 2)
    summary["ok"] = all(checks.values())
    print_report(summary)
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    print(f"\nsummary: {out_json}\nwall time: {wall:.1f} s")
    return 0 if summary["ok"] else 1


def print_report(s):
    n = s["normalise"]
    print("Normalised sample (normalise_sample.py): rows touched per step")
    print("  " + ", ".join(f"{k} {v}" for k, v in n["counts"].items() if v))
    print(f"  {n['rows_read']} rows read, {n['rows_written']} written; the peer models "
          f"{n['episodes']} episodes, {n['children']} children ({n['open_episodes']} open)")
    for name in ("sample", "synthetic"):
        rd = s["reader"][name]
        iss = ", ".join(f"{k} {v}" for k, v in sorted(rd["issues"].items())) or "none"
        print(f"Our reader, {name}: {rd['rows_read']} rows, {rd['rows_rejected']} rejected, "
              f"{rd['children']} children, {rd['episodes']} episodes; issues: {iss}")
    print()
    print(f"{'data':<10} {'reference':<23} {'stock cells':>11} {'mismatch':>8} "
          f"{'in care t=365 ours':>18} {'peer':>8} {'rel diff':>9} {'max rel (state,day)':>19} {'rates max rel':>13}")
    for name in ("sample", "synthetic"):
        x = s[name]
        st, fc, rt = x["stock"], x["forecast"], x["rates"]
        print(f"{name:<10} {x['reference'][0]}..{x['reference'][1]:<11} {st['cells']:>11} "
              f"{st['mismatched_cells']:>8} {fc['in_care_end_ours']:>18.3f} {fc['in_care_end_peer']:>8.3f} "
              f"{fc['rel_diff_end']:>9.2e} {fc['max_rel_diff_state_day']:>19.2e} {rt['max_rel_diff']:>13.2e}")
    b = s["backtest"]
    sa = s["synthetic_authority"]
    print(f"\nBacktest (synthetic {sa['profile']}, seed {sa['seed']}): window {b['window'][0]}..{b['window'][1]}, "
          f"origin {b['origin']}, {len(b['points'])} month ends")
    print(f"  {'method':<34} {'MAPE %':>7} {'mean signed error':>18}")
    for r in b["table"]:
        print(f"  {r['method']:<34} {r['mape']:>7.2f} {r['mean_error']:>18.2f}")
    age = b["by_age"]
    bands = list(age["ours"]["by_band"])
    print("\n  by actual age band (MAPE %, against children in care by their age at each month end)")
    print(f"  {'':<34} " + " ".join(f"{x:>7}" for x in bands) + f" {'mean':>7}")
    for who, name in (("ours", "sufficiency (default)"), ("peer", "cs-demand-model (default)")):
        print(f"  {name:<34} " + " ".join(f"{age[who]['by_band'][x]:>7.2f}" for x in bands)
              + f" {age[who]['mape']:>7.2f}")
    sd = b["seeds"]
    print(f"\n  over {len(sd['rows'])} authorities ({sa['profile']}, one per seed): MAPE % of the total "
          "(mean signed error), and mean MAPE % by actual age band")
    print(f"  {'seed':>6} {'ours':>14} {'peer':>14} {'flat':>6} {'linear':>7} {'ours by age':>12} {'peer by age':>12}")
    for r in sd["rows"] + [dict(sd["mean"], seed="mean", ours_mean_error=None, peer_mean_error=None)]:
        me = lambda x: "" if x is None else f" ({x:+.1f})"
        print(f"  {r['seed']:>6} {r['ours_mape']:>6.2f}{me(r['ours_mean_error']):>8} "
              f"{r['peer_mape']:>6.2f}{me(r['peer_mean_error']):>8} {r['flat_mape']:>6.2f} {r['linear_mape']:>7.2f} "
              f"{r['ours_age_mape']:>12.2f} {r['peer_age_mape']:>12.2f}")
    print("\nChecks")
    for k, v in s["checks"].items():
        print(f"  {'PASS' if v else 'FAIL'}  {k}")
    print("  " + ("all passed" if s["ok"] else "SOME CHECKS FAILED"))
    print("\nSeconds: " + ", ".join(f"{k} {v}" for k, v in s["seconds"].items()))


if __name__ == "__main__":
    sys.exit(main())
