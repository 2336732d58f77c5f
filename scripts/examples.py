#!/usr/bin/env python3
"""Run every example and compare its results with the goldens.

The examples are regression checks: each reads an input folder of SSDA903
returns (and supply tables) and writes its results as CSV and JSON; this
script runs them all and compares every file with the copy kept in
``examples/golden/``. Any difference fails the run (exit 1) and is listed
by file, row and column.

    .venv/bin/python scripts/examples.py                 # the synthetic authority, against examples/golden
    .venv/bin/python scripts/examples.py --refresh       # after an intended change: rewrite the goldens
    .venv/bin/python scripts/examples.py --input returns/ --golden ci/golden [--refresh]   # a council's own

Without ``--input`` the input is the embedded synthetic authority
(``england-median``, seed 0, five years), written as SSDA903 files and
supply tables exactly as a council's would be, so the examples take the
same path as real data.

Comparison rules: text, integers and numbers with at most two decimal
places (pounds and pence, counts) must be equal exactly; any other number
(a rate, a share, an expected number of children) may differ by a relative
1e-9, so that a change of compiler or CPU that moves the last bits of a
float does not fail the run while any change to a result does.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "examples" / "golden"
REL_TOL = 1e-9
MAX_LISTED = 10

PY = sys.executable
# name -> command; {input} and {output} are filled in per run.
EXAMPLES: dict[str, list[str]] = {
    "read_returns": [PY, "examples/python/read_returns.py", "{input}", "{output}"],
    "demand": [PY, "examples/python/demand.py", "{input}", "{output}"],
    "costs": [PY, "examples/python/costs.py", "{input}", "{output}"],
    "sufficiency_report": [PY, "examples/python/sufficiency_report.py", "{input}", "{output}"],
    "scenarios_in_parallel": [PY, "examples/python/scenarios_in_parallel.py", "{input}", "{output}"],
    "snapshot": ["cargo", "run", "--quiet", "--release", "--example", "snapshot", "--", "{input}", "--out", "{output}"],
}


def write_synthetic(folder: Path) -> None:
    """The embedded synthetic authority as a council would hand it over."""
    import sufficiency as sf

    la = sf.synthetic_authority("england-median", seed=0, years=5)
    la.write_ssda903(folder)
    la.supply.write_csv(folder / "supply")


def number(text: str) -> Decimal | None:
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def exact(text: str) -> bool:
    """Counts and money: no exponent and at most two decimal places."""
    if "e" in text.lower():
        return False
    return len(text.partition(".")[2]) <= 2


def same(a: str, b: str) -> bool:
    """One cell or JSON scalar, by the rules in the module docstring."""
    if a == b:
        return True
    x, y = number(a), number(b)
    if x is None or y is None:
        return False
    if exact(a) and exact(b):
        return x == y
    return math.isclose(float(x), float(y), rel_tol=REL_TOL, abs_tol=REL_TOL)


def compare_csv(golden: Path, got: Path) -> list[str]:
    with golden.open(newline="") as f:
        want_rows = list(csv.reader(f))
    with got.open(newline="") as f:
        got_rows = list(csv.reader(f))
    if not want_rows or not got_rows:
        return [] if want_rows == got_rows else ["one of the files is empty"]
    if want_rows[0] != got_rows[0]:
        return [f"columns differ: golden {want_rows[0]}, now {got_rows[0]}"]
    header = want_rows[0]
    out = []
    if len(want_rows) != len(got_rows):
        out.append(f"{len(want_rows) - 1} rows in the golden, {len(got_rows) - 1} now")
    for i, (w, g) in enumerate(zip(want_rows[1:], got_rows[1:]), start=2):
        for col, a, b in zip(header, w, g):
            if not same(a, b):
                out.append(f"row {i}, column {col}: golden {a!r}, now {b!r}")
        if len(w) != len(g):
            out.append(f"row {i}: {len(w)} cells in the golden, {len(g)} now")
    return out


def compare_json(want: Any, got: Any, path: str = "$") -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        out = [f"{path}.{k}: only in the golden" for k in want.keys() - got.keys()]
        out += [f"{path}.{k}: new" for k in got.keys() - want.keys()]
        for k in sorted(want.keys() & got.keys()):
            out += compare_json(want[k], got[k], f"{path}.{k}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        out = [] if len(want) == len(got) else [f"{path}: {len(want)} items in the golden, {len(got)} now"]
        for i, (a, b) in enumerate(zip(want, got)):
            out += compare_json(a, b, f"{path}[{i}]")
        return out
    if isinstance(want, (dict, list)) or isinstance(got, (dict, list)):
        return [f"{path}: golden {want!r}, now {got!r}"]
    a, b = json.dumps(want) if not isinstance(want, str) else want, json.dumps(got) if not isinstance(got, str) else got
    return [] if same(a, b) else [f"{path}: golden {want!r}, now {got!r}"]


def compare_dir(golden: Path, got: Path) -> list[str]:
    if not golden.is_dir():
        return [f"no goldens in {golden}; run with --refresh to record them"]
    want_files = {p.name for p in golden.iterdir()}
    got_files = {p.name for p in got.iterdir()}
    out = [f"{f}: in the golden, not written now" for f in sorted(want_files - got_files)]
    out += [f"{f}: written now, not in the golden" for f in sorted(got_files - want_files)]
    for f in sorted(want_files & got_files):
        if f.endswith(".json"):
            diffs = compare_json(json.loads((golden / f).read_text()), json.loads((got / f).read_text()))
        else:
            diffs = compare_csv(golden / f, got / f)
        out += [f"{f}: {d}" for d in diffs]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, help="a folder of year folders of SSDA903 files (and supply/); default: the synthetic authority")
    ap.add_argument("--output", type=Path, help="where the examples write (default: a temporary folder)")
    ap.add_argument("--golden", type=Path, default=GOLDEN, help=f"the goldens (default {GOLDEN.relative_to(ROOT)})")
    ap.add_argument("--refresh", action="store_true", help="replace the goldens with this run's results")
    ap.add_argument("--only", nargs="*", choices=sorted(EXAMPLES), help="run only these examples")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="sufficiency-examples-") as tmp:
        inp = args.input
        if inp is None:
            inp = Path(tmp) / "input"
            write_synthetic(inp)
        out_root = args.output or Path(tmp) / "output"
        failed, differ = [], []
        for name in args.only or list(EXAMPLES):
            out = out_root / name
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            cmd = [c.format(input=inp.resolve(), output=out.resolve()) for c in EXAMPLES[name]]
            t = time.perf_counter()
            run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            secs = time.perf_counter() - t
            if run.returncode != 0:
                failed.append(name)
                print(f"FAIL  {name} ({secs:.1f} s): exit {run.returncode}\n{run.stderr[-3000:]}{run.stdout[-2000:]}")
                continue
            if args.refresh:
                dest = args.golden / name
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(out, dest)
                print(f"saved {name} ({secs:.1f} s): {len(list(dest.iterdir()))} files -> {dest}")
                continue
            diffs = compare_dir(args.golden / name, out)
            if diffs:
                differ.append(name)
                print(f"DIFF  {name} ({secs:.1f} s): {len(diffs)} differences from {args.golden / name}")
                for d in diffs[:MAX_LISTED]:
                    print(f"      {d}")
                if len(diffs) > MAX_LISTED:
                    print(f"      ... and {len(diffs) - MAX_LISTED} more")
            else:
                print(f"ok    {name} ({secs:.1f} s)")
    n = len(args.only or EXAMPLES)
    print(f"examples: {n - len(failed) - len(differ)} passed, {len(differ)} differ from the goldens, {len(failed)} failed")
    if differ:
        print("If the change is intended: .venv/bin/python scripts/examples.py --refresh, and commit examples/golden/")
    return 1 if failed or differ else 0


if __name__ == "__main__":
    sys.exit(main())
