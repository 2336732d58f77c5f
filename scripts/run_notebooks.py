#!/usr/bin/env python3
"""Execute every notebook in examples/notebooks top to bottom; exit 1 on any error.

    .venv/bin/python scripts/run_notebooks.py [--timeout SECONDS]

Each notebook runs in a fresh kernel (nbclient, ipykernel) from its own
folder, with matplotlib's non-interactive backend. Outputs are not saved
back: the notebooks are kept without outputs in the repository.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = ap.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    notebooks = sorted((ROOT / "examples" / "notebooks").glob("*.ipynb"))
    failed = 0
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        t = time.perf_counter()
        try:
            client.execute()
        except CellExecutionError as e:
            failed += 1
            print(f"FAIL  {path.relative_to(ROOT)}: {e}")
            continue
        cells = sum(1 for c in nb.cells if c.cell_type == "code")
        print(f"ok    {path.relative_to(ROOT)}: {cells} code cells in {time.perf_counter() - t:.1f} s")
    print(f"notebooks: {len(notebooks) - failed} passed, {failed} failed")
    return 1 if failed or not notebooks else 0


if __name__ == "__main__":
    sys.exit(main())
