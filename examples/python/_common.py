"""Shared by the example scripts: where the inputs are and how results are written.

Every example takes an input folder and an output folder::

    python examples/python/demand.py INPUT OUTPUT

INPUT holds one folder per collection year of SSDA903 files (``2024/``,
``2025/``, ...), as the DfE return is submitted, and optionally ``supply/``
with ``providers.csv`` and ``settings.csv`` (the columns of
``sufficiency.Supply.from_frames``) and ``authority.txt`` (the council's
ONS code, e.g. E08000007). OUTPUT receives CSV and JSON files, one
per result, which ``scripts/examples.py`` compares with the goldens.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

import sufficiency as sf


def folders() -> tuple[Path, Path]:
    """The input and output folders from the command line."""
    if len(sys.argv) != 3:
        sys.exit(f"usage: python {sys.argv[0]} INPUT_FOLDER OUTPUT_FOLDER")
    inp, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    return inp, out


def read_returns(inp: Path) -> sf.Dataset:
    """Every year folder under ``inp``, read and merged as one dataset."""
    years = sorted(p for p in inp.iterdir() if p.is_dir() and p.name.isdigit())
    if not years:
        sys.exit(f"{inp}: no year folders (2024/, 2025/, ...) with SSDA903 files")
    return sf.read_ssda903(*years)


def read_supply(inp: Path) -> sf.Supply | None:
    """The supply folder ``inp/supply`` (providers.csv, settings.csv and,
    when present, occupants.csv and authority.txt), if there is one."""
    folder = inp / "supply"
    if not (folder / "settings.csv").exists():
        return None
    return sf.read_supply(folder)


def relative(path: str, inp: Path) -> str:
    """A file path as written under the input folder, so outputs do not
    depend on where the input lives."""
    try:
        return Path(path).resolve().relative_to(inp.resolve()).as_posix()
    except ValueError:
        return path


def last_31_march(ds: sf.Dataset) -> date:
    """The end of the latest collection year in the data."""
    return date(max(ds.collection_years), 3, 31)


def write_csv(frame: pd.DataFrame, out: Path, name: str) -> None:
    """One result as CSV: dates ISO, Decimals as written, floats round-trip."""
    frame.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")


def write_json(data: dict[str, Any], out: Path, name: str) -> None:
    """Headline figures as JSON (Decimals and dates as strings)."""
    text = json.dumps(data, indent=1, sort_keys=True, default=str)
    (out / f"{name}.json").write_text(text + "\n")
