#!/usr/bin/env python3
"""Check README.md's description of the peer against the peer's own output.

Re-implements rules (a)-(g) of README.md from scratch (plain pandas/numpy,
no peer code) and compares with what run_peer.py wrote:

    python scripts/peer/spec_check.py DATA OUT --reference START END --start DATE --days N

DATA and the dates must be those given to run_peer.py; OUT is its output
folder. Prints the largest absolute difference per file and exits 1 if any
exceeds 1e-9 (relative). Runs in .venv-peer (pandas only is needed).
"""
import argparse
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

HEADER = {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}
EPISODES = {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER",
            "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST"}
CATEGORY = {**{f"U{i}": "FOSTERING" for i in range(1, 7)},
            "K2": "RESIDENTIAL", "R1": "RESIDENTIAL", "H5": "SUPPORTED", "P2": "SUPPORTED"}
BINS = ["0-1", "1-5", "5-10", "10-16", "16-30"]
UPPER = np.array([1, 5, 10, 16, 30])            # bracket i is [UPPER[i-1], UPPER[i])
LENGTH = np.array([365, 1460, 1825, 2190, 5110])  # ageing: 1/LENGTH per day
CATS = ["FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER", "NOT_IN_CARE"]


def read_tables(data):
    """All CSV tables as DataFrames, in sorted path order (empty files skipped)."""
    if data == "sample":
        import cs_demand_model_samples
        z = zipfile.ZipFile(Path(cs_demand_model_samples.__file__).parent / "v1.zip")
        blobs = [z.read(n) for n in sorted(z.namelist()) if not n.endswith("/")]
    else:
        blobs = [p.read_bytes() for p in sorted(Path(data).glob("*/*.csv"))]
    return [pd.read_csv(io.BytesIO(b)) for b in blobs if len(b) >= 2]


def clean(data):
    tables = read_tables(data)
    header = pd.concat([t for t in tables if HEADER <= set(t.columns)])
    header = header.drop_duplicates("CHILD")[["CHILD", "DOB"]]
    header["DOB"] = pd.to_datetime(header["DOB"], format="%d/%m/%Y")
    by_year = {}  # one episodes table per max-DECOM year: the first one wins
    for t in tables:
        if EPISODES <= set(t.columns):
            t = t.assign(DECOM=pd.to_datetime(t["DECOM"], format="%d/%m/%Y"),
                         DEC=pd.to_datetime(t["DEC"], format="%d/%m/%Y"))
            by_year.setdefault(t["DECOM"].dt.year.max(), t)
    ep = pd.concat([header.merge(t, on="CHILD") for _, t in sorted(by_year.items())])
    ep = ep.sort_values(["CHILD", "DECOM", "DEC"], na_position="first", kind="stable")
    ep = ep.drop_duplicates(["CHILD", "DECOM"], keep="last")
    ep = ep.drop_duplicates(["CHILD", "DEC"], keep="first").reset_index(drop=True)
    nxt = ep.groupby("CHILD")["DECOM"].shift(-1)
    fix = ep["DEC"].isna() | (ep["DEC"] > nxt)
    ep.loc[fix, "DEC"] = nxt[fix]
    age = (ep["DECOM"] - ep["DOB"]).dt.days / 365.24
    ep["bin"] = np.searchsorted(UPPER, age.values, side="right")
    ep["cat"] = ep["PLACE"].map(CATEGORY).fillna("OTHER")
    same_prev = ep["CHILD"].eq(ep["CHILD"].shift(1)) & ep["DECOM"].eq(ep["DEC"].shift(1))
    same_next = ep["CHILD"].eq(ep["CHILD"].shift(-1)) & ep["DEC"].eq(ep["DECOM"].shift(-1))
    ep["before"] = np.where(same_prev, ep["cat"].shift(1), "NOT_IN_CARE")
    ep["after"] = np.where(same_next, ep["cat"].shift(-1), "NOT_IN_CARE")
    return ep


def stock(ep):
    """N_x(d) = #starts <= d - #ends <= d, daily from the first to the last event."""
    days = pd.date_range(ep["DECOM"].min(), max(ep["DECOM"].max(), ep["DEC"].max()))
    out = {}
    for (b, c), g in ep.groupby(["bin", "cat"]):
        starts = np.searchsorted(np.sort(g["DECOM"].values), days.values, side="right")
        ends = np.searchsorted(np.sort(g["DEC"].dropna().values), days.values, side="right")
        out[(b, c)] = starts - ends
    return pd.DataFrame(out, index=days)


def rates(ep, N, s, e):
    W = N.loc[s:e]
    den = N.shift(1).loc[s:e].copy()
    den.iloc[0] = W.iloc[0]  # first day: back-filled with the same day's stock
    closed = ep.dropna(subset=["DEC"])
    M = closed.groupby(["bin", "cat", "after", "DEC"]).size()
    res = {}
    for (b, c, k), m in M.groupby(level=[0, 1, 2]):
        m = m.droplevel([0, 1, 2]).reindex(W.index, fill_value=0).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = m.values / den[(b, c)].values
        res[(b, c, k)] = np.nan_to_num(r, nan=0.0, posinf=np.inf).mean()
    return res


def entrants(ep, s, e):
    new = ep[(ep["DECOM"] >= s) & (ep["DECOM"] <= e) & (ep["before"] == "NOT_IN_CARE")]
    return (new.groupby(["bin", "cat"]).size() / (e - s).days).to_dict()


def project(n0, h, mu, days):
    """Daily steps: n'_y = n_y - O_y + sum_x O_x h_xy / Q_x + mu_y."""
    S = [(b, c) for b in range(5) for c in CATS]
    ix = {s: i for i, s in enumerate(S)}
    H = np.zeros((len(S), len(S) + 1))  # last column: leaves the model
    for (b, c, k), r in h.items():
        H[ix[(b, c)], ix[(b, k)]] += r
    for (b, c) in S:  # ageing to the next bracket, or out of the model
        H[ix[(b, c)], ix[(b + 1, c)] if b < 4 else len(S)] += 1 / LENGTH[b]
    m = np.array([mu.get(s, 0.0) for s in S])
    n = np.array([n0.get(s, 0.0) for s in S], dtype=float)
    Q = H.sum(axis=1)
    frac = np.divide(H, Q[:, None], out=np.zeros_like(H), where=Q[:, None] > 0)
    rows = []
    for _ in range(days):
        O = np.clip(n * Q, 0, n)
        n = n - O + (O @ frac)[: len(S)] + m
        rows.append(n.copy())
    return pd.DataFrame(rows, columns=pd.MultiIndex.from_tuples(S))


def compare(name, ours, theirs):
    ours.index = ours.index.set_names(theirs.index.names)
    ours, theirs = ours.align(theirs, fill_value=0.0)
    diff = (ours - theirs).abs() / np.maximum(1.0, theirs.abs())
    worst = float(diff.max()) if len(diff) else 0.0
    print(f"{name:10s} rows={len(theirs):7d}  max rel diff={worst:.3g}")
    return worst <= 1e-9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data"), p.add_argument("out", type=Path)
    p.add_argument("--reference", nargs=2, required=True)
    p.add_argument("--start", required=True), p.add_argument("--days", type=int, required=True)
    a = p.parse_args()
    s, e = (pd.Timestamp(d) for d in a.reference)
    start = pd.Timestamp(a.start)

    ep = clean(a.data)
    print(f"cleaned episodes={len(ep)} children={ep['CHILD'].nunique()}")
    N = stock(ep)
    h, mu = rates(ep, N, s, e), entrants(ep, s, e)
    n0 = N.iloc[N.index.get_indexer([start], method="nearest")[0]].to_dict()
    F = project(n0, h, mu, a.days)
    F.index = pd.date_range(start + pd.Timedelta(days=1), periods=a.days)

    def key(df, *cols):
        return df.set_index(list(cols)).iloc[:, 0]

    lab = dict(enumerate(BINS))
    Nl = N.stack([0, 1]).rename("children").reset_index()
    Nl.columns = ["date", "age_bin", "category", "children"]
    Nl["date"] = Nl["date"].dt.strftime("%Y-%m-%d")
    Nl["age_bin"] = Nl["age_bin"].map(lab)
    Fl = F.stack([0, 1]).rename("children").reset_index()
    Fl.columns = ["date", "age_bin", "category", "children"]
    Fl["date"] = Fl["date"].dt.strftime("%Y-%m-%d")
    Fl["age_bin"] = Fl["age_bin"].map(lab)
    R = pd.Series({(lab[b], c, lab[b], k): r for (b, c, k), r in h.items()})
    E = pd.Series({(lab[b], c): r for (b, c), r in mu.items()}, dtype=float)

    rd = lambda f: pd.read_csv(a.out / f)
    ok = all([
        compare("stock", key(Nl, "date", "age_bin", "category").astype(float),
                key(rd("stock.csv"), "date", "age_bin", "category")),
        compare("rates", R, key(rd("rates.csv"), "from_age_bin", "from_category",
                                "to_age_bin", "to_category")),
        compare("entrants", E, key(rd("entrants.csv"), "age_bin", "category")),
        compare("forecast", key(Fl, "date", "age_bin", "category"),
                key(rd("forecast.csv"), "date", "age_bin", "category")),
    ])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
